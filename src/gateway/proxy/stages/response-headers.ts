// The headers Kong puts on a proxied response (reference 4.5): upstream headers minus
// hop-by-hop, then X-Kong-Upstream-Latency, X-Kong-Proxy-Latency, Via (the upstream's first),
// X-Kong-Request-Id, Server when the upstream sent none, and X-Kong-LLM-Model on 200s.
import { SERVER, VIA } from '../../kong/index.js';
import { clientResponseHeaders } from '../../upstream/index.js';
import type { ProxyContext } from '../context.js';

const ms = (ns: bigint): string => String(Number(ns / 1_000_000n));

export function proxiedHeaders(ctx: ProxyContext): Record<string, string | string[]> {
  const upstream = ctx.response!.headers;
  const out = clientResponseHeaders(upstream);
  out['x-kong-upstream-latency'] = ms(ctx.upstreamHeadersNs - ctx.upstreamStartNs);
  out['x-kong-proxy-latency'] = ms(ctx.upstreamStartNs - ctx.startNs);
  const via = upstream.via;
  out.via = via === undefined ? VIA : `${Array.isArray(via) ? via.join(', ') : via}, ${VIA}`;
  out['x-kong-request-id'] = ctx.requestId;
  if (ctx.pluginHeaders !== null) Object.assign(out, ctx.pluginHeaders);
  if (upstream.server === undefined) out.server = SERVER;
  const ai = ctx.ai;
  if (ai !== null && ctx.status === 200 && (ai.config.model_name_header || ctx.req.headers['kong-debug'] !== undefined)) {
    out['x-kong-llm-model'] = `${ai.model.provider}/${ai.model.name ?? ctx.requestModel ?? ''}`;
  }
  const clear = ai?.plan?.clearResponseHeaders;
  if (clear !== undefined && ctx.status === 200 && !ctx.stream) for (const name of clear) delete out[name];
  return out;
}
