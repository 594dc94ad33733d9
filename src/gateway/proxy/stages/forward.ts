// Stage: call the upstream over a keep-alive pool (undici, upstream/call.ts) with the service's timeouts
// (connect_timeout; write_timeout between two writes of the request body; read_timeout for
// headers and between body chunks). Connection failures are
// Kong's 502, timeouts its 504 — always within the configured time, never a hang — and each is
// recorded for its log line (upstream-failed.ts). The request is aborted the moment the client
// goes away. ai-proxy-advanced makes each try with `tryUpstream` and decides itself.
import { sendCoreError } from '../../kong/index.js';
import { callUpstream, poolFor, upstreamRequestHeaders, type UpstreamFailure } from '../../upstream/index.js';
import type { ProxyContext } from '../context.js';
import { recordFailure } from './upstream-failed.js';

export async function forward(ctx: ProxyContext): Promise<void> {
  const failure = await tryUpstream(ctx);
  if (failure === null) return;
  ctx.done = true;
  if (failure === 'client-left') return; // nobody to answer
  sendCoreError(ctx, failure.status);
}

/**
 * Sends ctx.upstream; null once the response head is in (ctx.response, ctx.status), else the
 * failure (recorded on the context), or 'client-left' when the client went away meanwhile.
 */
export async function tryUpstream(ctx: ProxyContext): Promise<UpstreamFailure | 'client-left' | null> {
  const up = ctx.upstream!;
  const headers = upstreamRequestHeaders(ctx.req, up.host, ctx.requestId, ctx.dropHeaders, ctx.setHeaders);
  if (up.body !== null && (up.body.length > 0 || ctx.method !== 'GET')) headers['content-length'] = String(up.body.length);
  ctx.upstreamStartNs = process.hrtime.bigint();
  try {
    ctx.response = await callUpstream(
      poolFor(up.origin, up.connectTimeoutMs),
      {
        method: ctx.method,
        path: up.path,
        headers,
        body: up.body !== null && up.body.length > 0 ? up.body : null,
        headersTimeout: up.readTimeoutMs,
        bodyTimeout: up.readTimeoutMs,
        writeTimeout: up.writeTimeoutMs,
      },
      ctx.abort,
    );
    ctx.upstreamHeadersNs = process.hrtime.bigint();
    ctx.status = ctx.response.statusCode;
    return null;
  } catch (err) {
    return recordFailure(ctx, err, 'headers') ?? 'client-left';
  }
}
