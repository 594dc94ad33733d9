// ai-proxy-advanced's `failover_criteria`, read as nginx's `proxy_next_upstream` (each value is
// the nginx option of that name; reference kong-ai-plugins.md §1.5):
// - error: the connection failed, or failed while sending the request or reading the response
//   head (refused, reset, TLS, DNS); here also a body that dies before anything reached the client;
// - timeout: connect_timeout, write_timeout (the target stopped taking the request), or
//   read_timeout waiting for the head or for body data;
// - invalid_header: the response head was not valid HTTP;
// - http_403 … http_504: the target answered that status;
// - non_idempotent: nginx never passes a POST (or LOCK, PATCH) to the next server once the
//   request may have reached the upstream, unless this is listed. LLM calls are POSTs, so
//   without it only failures before the request was sent (no connection) fail over; a 429 or a
//   500 needs `non_idempotent` (Kong's examples always list it).
// A failure that matches a listed criterion counts for the circuit breaker whether or not it
// may fail over; one that matches none is an ordinary answer (the client gets it as is).
import { isTimeout, type UpstreamFailure } from '../upstream/index.js';

export const FAILOVER_STATUSES: ReadonlySet<number> = new Set([403, 404, 429, 500, 502, 503, 504]);

/** nginx's non-idempotent methods (ngx_http_upstream_next). */
const NON_IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['POST', 'LOCK', 'PATCH']);

export interface FailoverPolicy {
  /** The listed criteria (the `non_idempotent` flag apart). */
  readonly criteria: ReadonlySet<string>;
  readonly nonIdempotent: boolean;
}

export function failoverPolicy(criteria: readonly string[]): FailoverPolicy {
  const set = new Set(criteria);
  const nonIdempotent = set.delete('non_idempotent');
  return { criteria: set, nonIdempotent };
}

/** The criterion an upstream status matches (http_429), or null for a status no criterion names. */
export function statusCriterion(status: number): string | null {
  return FAILOVER_STATUSES.has(status) ? `http_${status}` : null;
}

/** The criterion a failed call matches: timeout, invalid_header, or error for everything else. */
export function failureCriterion(f: UpstreamFailure): 'timeout' | 'invalid_header' | 'error' {
  if (isTimeout(f)) return 'timeout';
  if (f.cause === 'invalid_header') return 'invalid_header';
  return 'error';
}

export interface Verdict {
  /** The criterion is listed: the try failed (the circuit breaker counts it). */
  readonly failed: boolean;
  /** It may go to another target (listed, and sendable again under nginx's non_idempotent rule). */
  readonly failover: boolean;
  /** Why a listed failure may not fail over, for the log line (null when it may, or is not listed). */
  readonly held: string | null;
}

const ORDINARY: Verdict = { failed: false, failover: false, held: null };

/**
 * What a try's outcome means under the policy. `criterion` null: an ordinary answer.
 * `sent`: the request may have reached the target (everything but a connection failure).
 */
export function judge(policy: FailoverPolicy, criterion: string | null, sent: boolean, method: string): Verdict {
  if (criterion === null || !policy.criteria.has(criterion)) return ORDINARY;
  if (sent && NON_IDEMPOTENT_METHODS.has(method) && !policy.nonIdempotent)
    return { failed: true, failover: false, held: `the ${method} had reached the target and failover_criteria does not list 'non_idempotent'` };
  return { failed: true, failover: true, held: null };
}
