// The upstream call a request would make — method, URL and the timeouts that bound it — worked
// out by the proxy's own rules (proxy/upstream-call.ts). The URL is shown as the failure log
// shows it: no user info, every query value replaced by "…", so no credential can leak.
import type { Plugin } from '../../schemas/entities.js';
import { prepareAiProxy } from '../proxy/ai-proxy.js';
import { aiProxyAddress, serviceAddress, type UpstreamAddress } from '../proxy/upstream-call.js';
import type { RouteMatch } from '../router/index.js';
import { displayUrl } from '../upstream/index.js';

export interface ExplainUpstream {
  readonly method: string;
  readonly url: string;
  readonly connect_timeout: number;
  readonly read_timeout: number;
}

/**
 * `aiProxy` is the instance that runs (null: none, the service is called); `query` is what is
 * forwarded (with `?`, key-auth's hidden credentials already removed). Null when the request
 * would not be proxied (a route without service, an ai-proxy that refuses the request's path).
 */
export function explainUpstream(match: RouteMatch, aiProxy: Plugin | null, method: string, query: string): ExplainUpstream | null {
  let address: UpstreamAddress | null = null;
  if (aiProxy !== null) {
    const plan = prepareAiProxy(aiProxy).plan;
    const op = plan?.translator.operation?.('POST', match.strippedPath);
    const target = plan == null || op?.ok === false ? null : plan.target(op?.ok ? op.operation : null);
    if (target !== null && 'origin' in target) address = aiProxyAddress(target, match, query);
  } else if (match.service !== null) {
    address = serviceAddress(match.service, match, query);
  }
  if (address === null) return null;
  return { method, url: displayUrl(address.origin, address.path), connect_timeout: address.connectTimeoutMs, read_timeout: address.readTimeoutMs };
}
