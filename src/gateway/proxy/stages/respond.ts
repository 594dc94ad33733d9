// Stage: answer the client. Non-200 answers and routes without ai-proxy are relayed as they
// come (status, headers, body chunks: Kong passes upstream errors through). A 200 non-stream
// ai-proxy answer is read whole and converted by the driver's translator (passthrough: bytes
// unchanged, usage read); an OpenAI object the translator built is completed (id, created,
// model); a failed conversion is Kong's 500 `{"error":{"message":"transformation failed from
// type <provider>://…"}}`. Streams go to relay-stream. ai-proxy-advanced reads the answer with
// `readAnswer` first (a body that fails before anything reached the client may fail over),
// then sends it with `sendAnswer`.
import { sendPluginError } from '../../kong/index.js';
import { completeResponse, conversionFailure, openAiIdentity } from '../../drivers/index.js';
import type { UpstreamFailure } from '../../upstream/index.js';
import type { ProxyContext } from '../context.js';
import { proxiedHeaders } from './response-headers.js';
import { relayStream } from './relay-stream.js';
import { pipeBody } from './pipe-body.js';
import { recordFailure } from './upstream-failed.js';

export async function respond(ctx: ProxyContext): Promise<void> {
  const ai = ctx.ai;
  if (ai === null || ctx.status !== 200) return pipeBody(ctx, proxiedHeaders(ctx));
  if (ctx.stream) return void (await relayStream(ctx));
  const upstream = await readAnswer(ctx);
  if (upstream === 'client-left') return;
  if (Buffer.isBuffer(upstream)) sendAnswer(ctx, upstream);
  else answerBodyFailure(ctx, upstream);
}

/** The whole 200 answer, or its failure (recorded on the context), or 'client-left'. */
export async function readAnswer(ctx: ProxyContext): Promise<Buffer | UpstreamFailure | 'client-left'> {
  try {
    return await ctx.response!.body.collect();
  } catch (err) {
    return recordFailure(ctx, err, 'body') ?? 'client-left';
  }
}

/** Kong's answer when the upstream's body failed before anything reached the client. */
export function answerBodyFailure(ctx: ProxyContext, failure: UpstreamFailure): void {
  sendPluginError(ctx, failure.status, failure.status === 504 ? 'The upstream server is timing out' : 'An invalid response was received from the upstream server');
}

/** Translates a 200 answer read whole and sends it. */
export function sendAnswer(ctx: ProxyContext, upstream: Buffer): void {
  const ai = ctx.ai!;
  const headers = proxiedHeaders(ctx);
  const translator = ai.plan!.translator;
  const converted = translator.responseBody(upstream, ai.routeType, ai.model, ctx.response!.headers);
  if (!converted.ok) {
    ctx.status = 500;
    sendPluginError(ctx, 500, conversionFailure(ai.routeType, converted.message, ai.model.provider));
    return;
  }
  const v = converted.value;
  ctx.usage = v.usage;
  // Reading `text` may parse the whole answer (native format): only when statistics need it.
  if (v.usage.completion_tokens === undefined || ai.config.logging?.log_payloads) ctx.responseText = v.text;
  ctx.responseModel = v.responseModel ?? null;
  const json = v.json;
  const built =
    json !== undefined
      ? JSON.stringify(completeResponse(json, openAiIdentity(ctx.requestId, ctx.requestModel ?? '', ai.routeType === 'llm/v1/chat')))
      : v.body;
  const body = typeof built === 'string' ? Buffer.from(built) : built;
  if (!translator.passthrough) {
    headers['content-type'] = 'application/json';
    delete headers['content-encoding'];
  }
  headers['content-length'] = String(body.length);
  ctx.res.writeHead(200, headers);
  ctx.res.end(body);
}
