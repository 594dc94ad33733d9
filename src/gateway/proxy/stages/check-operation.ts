// Stage (native formats only): the driver says which operations the path may name and whether
// it streams, and the model a path names (Hugging Face: POST …/generate or …/generate_stream,
// reference 5.6 item 1; Gemini, Bedrock: the model is in the path);
// `response_streaming: deny` refuses the stream.
import { sendPluginError } from '../../kong/index.js';
import { messages } from '../../drivers/index.js';
import type { ProxyContext } from '../context.js';

export function checkOperation(ctx: ProxyContext): void {
  const check = ctx.ai?.plan?.translator.operation;
  if (check === undefined) return;
  const op = check(ctx.method, ctx.match!.strippedPath);
  if (!op.ok) return fail(ctx, op.status, op.message, op.headers);
  ctx.operation = op.operation;
  ctx.stream = op.stream;
  if (op.model !== undefined) ctx.requestModel = op.model; // checked against the configured one by normalize-request
  if (ctx.stream && ctx.ai!.config.response_streaming === 'deny') return fail(ctx, 400, messages.STREAMING_DENIED);
}

function fail(ctx: ProxyContext, status: number, message: string, extra?: Readonly<Record<string, string>>): void {
  ctx.status = status;
  sendPluginError(ctx, status, message, extra as Record<string, string> | undefined);
  ctx.done = true;
}
