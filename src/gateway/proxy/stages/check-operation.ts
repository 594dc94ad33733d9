// Stage (native format only): the request must be POST …/generate or …/generate_stream after
// the route's strip_path (reference 5.6 item 1); `response_streaming: deny` refuses the stream.
import { sendPluginError } from '../../kong/index.js';
import type { ProxyContext } from '../context.js';
import { nativeOperation } from '../upstream-call.js';
import { nativeMethod, notNative, STREAMING_DENIED } from './messages.js';

export function checkOperation(ctx: ProxyContext): void {
  const ai = ctx.ai;
  if (ai === null || !ai.native || ai.unsupported !== null) return;
  const path = ctx.match!.strippedPath;
  const last = nativeOperation(path);
  if (last === null) return fail(ctx, 400, notNative(path));
  if (ctx.method !== 'POST') return fail(ctx, 405, nativeMethod(ctx.method, path), { allow: 'POST' });
  ctx.operation = last;
  ctx.stream = last === 'generate_stream';
  if (ctx.stream && ai.config.response_streaming === 'deny') return fail(ctx, 400, STREAMING_DENIED);
}

function fail(ctx: ProxyContext, status: number, message: string, extra?: Record<string, string>): void {
  ctx.status = status;
  sendPluginError(ctx, status, message, extra);
  ctx.done = true;
}
