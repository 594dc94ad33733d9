// When to retry a Konnect call and how long to wait: exponential backoff with jitter, bounded in
// attempts and in total time, honouring Retry-After. Pure functions; the client does the waiting.
// (undici ships a RetryAgent, but it retries inside the dispatcher where we can neither log each
// attempt with its timing nor keep POST from being replayed after an ambiguous failure.)

export interface RetryPolicy {
  /** Total attempts, the first one included. */
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly multiplier: number;
  /** Upper bound on the whole call, waiting included. */
  readonly maxElapsedMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 6,
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  multiplier: 2,
  maxElapsedMs: 5 * 60_000,
};

/** Statuses worth another attempt. POST only on those where Konnect did not act on the request. */
export function isRetryableStatus(status: number, method: string): boolean {
  if (status === 429 || status === 503) return true;
  if (method === 'POST') return false; // a 500/502/504 after a POST may have created the object
  return status === 500 || status === 502 || status === 504;
}

/**
 * Transport failures worth another attempt. A refused or never-established connection is safe
 * for every method; a connection that broke after the request was sent is only retried for
 * idempotent methods (GET, PUT, DELETE, PATCH with a full set of fields).
 */
export function isRetryableNetworkError(code: string | undefined, method: string): boolean {
  const beforeSend = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
  if (code !== undefined && beforeSend.has(code)) return true;
  if (method === 'POST') return false;
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_HEADERS_TIMEOUT';
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent/invalid. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.round(Number(v.trim()) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * Delay before attempt `attempt + 1` (attempt counts from 1). Exponential with "equal jitter"
 * (half fixed, half random) so many provider processes do not retry in lockstep; a server's
 * Retry-After wins when it is longer.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, retryAfterMs?: number, random = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** (attempt - 1));
  const jittered = exp / 2 + random() * (exp / 2);
  return Math.round(retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered));
}
