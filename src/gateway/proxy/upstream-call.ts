// Where a matched request goes upstream, and with which timeouts — decided once, here, for the
// proxy (normalize-request builds the call from it) and for `explain` (which shows it):
// ai-proxy's target (its own URL rules, the route's path when the target has none) or, without
// ai-proxy, the route's service. Timeouts are the service's (Kong's default 60000 ms).
import type { Service } from '../../schemas/entities.js';
import type { RouteMatch } from '../router/index.js';
import type { UpstreamTarget } from '../upstream/index.js';
import type { PreparedAiProxy } from './ai-proxy.js';

export const DEFAULT_TIMEOUT_MS = 60_000;

/** Where and how long: everything of an upstream call but its body. */
export interface UpstreamAddress {
  readonly origin: string;
  readonly host: string;
  /** Path and query string, as sent. */
  readonly path: string;
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
}

/** ai-proxy's target for this request: native format by operation, OpenAI format by route type. */
export function aiProxyTarget(ai: PreparedAiProxy, operation: 'generate' | 'generate_stream' | null): UpstreamTarget | null {
  if (!ai.native) return ai.openAiTarget;
  return operation === null ? null : ai.nativeTargets[operation];
}

/** The native operation a stripped path names (…/generate or …/generate_stream), or null. */
export function nativeOperation(strippedPath: string): 'generate' | 'generate_stream' | null {
  const last = strippedPath.slice(strippedPath.lastIndexOf('/') + 1);
  return last === 'generate' || last === 'generate_stream' ? last : null;
}

export function aiProxyAddress(target: UpstreamTarget, match: RouteMatch, query: string): UpstreamAddress {
  const service = match.service;
  return {
    origin: target.origin,
    host: target.host,
    path: (target.path ?? match.upstreamPath) + query,
    connectTimeoutMs: service?.connect_timeout ?? DEFAULT_TIMEOUT_MS,
    readTimeoutMs: service?.read_timeout ?? DEFAULT_TIMEOUT_MS,
  };
}

/** A route without ai-proxy is proxied to its service like any Kong route. */
export function serviceAddress(service: Service, match: RouteMatch, query: string): UpstreamAddress {
  const scheme = service.protocol === 'https' ? 'https' : 'http';
  const host = service.host.includes(':') ? `[${service.host}]` : service.host;
  return {
    origin: `${scheme}://${host}:${service.port}`,
    host: service.port === 80 || service.port === 443 ? service.host : `${service.host}:${service.port}`,
    path: match.upstreamPath + query,
    connectTimeoutMs: service.connect_timeout,
    readTimeoutMs: service.read_timeout,
  };
}
