// When to retry a Konnect call and how long to wait: exponential backoff with jitter (capped at
// 5 s), bounded by a time budget per call (60 s by default; KONNECT_RETRY_BUDGET in the provider),
// honouring Retry-After. Pure functions; the client does the waiting.
// (undici ships a RetryAgent, but it retries inside the dispatcher where we can neither log each
// attempt with its timing nor keep POST from being replayed after an ambiguous failure.)

export interface RetryPolicy {
  /** Total attempts, the first one included (default: no bound but the time budget). */
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly multiplier: number;
  /** The time budget of the whole call, waiting included: no retry starts after it. */
  readonly maxElapsedMs: number;
}

export const DEFAULT_RETRY_BUDGET_MS = 60_000;

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: Number.POSITIVE_INFINITY,
  initialDelayMs: 250,
  maxDelayMs: 5_000,
  multiplier: 2,
  maxElapsedMs: DEFAULT_RETRY_BUDGET_MS,
};

/**
 * Statuses worth another attempt. A POST that may have been acted on (500/502/504) is replayed
 * only when `replaySafe`: a replay of a create that had landed answers a uniqueness conflict,
 * which the caller resolves (it never makes a second object).
 */
export function isRetryableStatus(status: number, method: string, replaySafe = false): boolean {
  if (status === 429 || status === 503) return true;
  if (method === 'POST' && !replaySafe) return false; // a 500/502/504 after a POST may have created the object
  return status === 500 || status === 502 || status === 504;
}

const BEFORE_SEND = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const AFTER_SEND = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED', 'ECONNABORTED']);

/**
 * Transport failures worth another attempt. A refused or never-established connection is safe
 * for every method; a connection that broke after the request was sent is retried for
 * idempotent methods (GET, PUT, DELETE, PATCH with a full set of fields) and replay-safe POSTs.
 */
export function isRetryableNetworkError(code: string | undefined, method: string, replaySafe = false): boolean {
  if (code !== undefined && BEFORE_SEND.has(code)) return true;
  if (method === 'POST' && !replaySafe) return false;
  return code !== undefined && AFTER_SEND.has(code);
}

/**
 * KONNECT_RETRY_BUDGET: "90" or "90s" (seconds), "1500ms", "2m". Returns milliseconds, or an
 * error text naming the variable and the expected form.
 */
export function parseRetryBudget(text: string, name = 'KONNECT_RETRY_BUDGET'): { ms: number } | { error: string } {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/i.exec(text);
  const unit = m?.[2]?.toLowerCase() ?? 's';
  const ms = m ? Math.round(Number(m[1]) * (unit === 'ms' ? 1 : unit === 'm' ? 60_000 : 1000)) : NaN;
  if (!Number.isFinite(ms) || ms <= 0 || ms > 24 * 3_600_000) {
    return { error: `${name} must be a duration such as "60s", "90", "1500ms" or "5m" (more than 0, at most 24 h); got ${JSON.stringify(text.slice(0, 40))}` };
  }
  return { ms };
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
