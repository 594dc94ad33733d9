// Where a matched request goes upstream, and with which timeouts — decided once, here, for the
// proxy (normalize-request builds the call from it) and for `explain` (which shows it):
// ai-proxy's target (its driver's URL rules, the route's path when the target has none) or, without
// ai-proxy, the route's service. Timeouts are the service's (Kong's default 60000 ms): connect,
// read, and write (between two writes of the request, upstream/write-timeout.ts).
import type { Service } from '../../schemas/entities.js';
import type { RouteMatch } from '../router/index.js';
import type { UpstreamTarget } from '../drivers/index.js';

export const DEFAULT_TIMEOUT_MS = 60_000;

/** Where and how long: everything of an upstream call but its body. */
export interface UpstreamAddress {
  readonly origin: string;
  readonly host: string;
  /** Path and query string, as sent. */
  readonly path: string;
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
  readonly writeTimeoutMs: number;
}

/** `requestPath`: the client's (normalized) path, which `preserve` targets keep. */
export function aiProxyAddress(target: UpstreamTarget, match: RouteMatch, query: string, requestPath: string): UpstreamAddress {
  const service = match.service;
  return {
    origin: target.origin,
    host: target.host,
    path: (target.clientPath ? requestPath : (target.path ?? match.upstreamPath)) + withTargetQuery(query, target.query),
    connectTimeoutMs: service?.connect_timeout ?? DEFAULT_TIMEOUT_MS,
    readTimeoutMs: service?.read_timeout ?? DEFAULT_TIMEOUT_MS,
    writeTimeoutMs: service?.write_timeout ?? DEFAULT_TIMEOUT_MS,
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
    writeTimeoutMs: service.write_timeout,
  };
}

/** The client's query string plus the parameters the driver adds (the client's own win). */
function withTargetQuery(query: string, added: string | undefined): string {
  if (added === undefined || added === '') return query;
  const params = new URLSearchParams(query);
  for (const [k, v] of new URLSearchParams(added)) if (!params.has(k)) params.set(k, v);
  return `?${params.toString()}`;
}
