// The window arithmetic of ai-rate-limiting-advanced, pure and clock-free (times in ms since the
// epoch, sizes in seconds as configured). Windows are aligned to the epoch, so every node that
// shares a counter store agrees on where a window starts (Kong's `floor(now / size) * size`).
// - fixed: the usage is the current window's counter; it resets when the window ends.
// - sliding: Kong's published model, the previous window weighted by the part of it still
//   inside the sliding window: usage = prev × (size − elapsed) / size + current.
// A request is admitted while usage < limit for every window (Kong checks before proxying and
// charges the answer's tokens after it, so usage can pass the limit by one request's tokens).

export type WindowType = 'sliding' | 'fixed';

/** Start (ms) of the window of `sizeS` seconds that contains `nowMs`. */
export function windowStart(nowMs: number, sizeS: number): number {
  const sizeMs = sizeS * 1000;
  return Math.floor(nowMs / sizeMs) * sizeMs;
}

/** The usage counted against the limit: `current` and `previous` are the two windows' counters. */
export function windowUsage(type: WindowType, nowMs: number, sizeS: number, current: number, previous: number): number {
  if (type === 'fixed' || previous === 0) return current;
  const sizeMs = sizeS * 1000;
  const elapsed = nowMs - windowStart(nowMs, sizeS);
  return previous * ((sizeMs - elapsed) / sizeMs) + current;
}

/**
 * Seconds (fractional) until the usage falls below `limit` if nothing more is charged; 0 when it
 * already is. Fixed: the end of the current window. Sliding: the weighted previous window decays
 * over the rest of this window; if `current` alone reaches the limit, the next window's weight
 * on it must decay too (why Kong says Retry-After "may increase" with sliding windows).
 */
export function secondsUntilBelow(type: WindowType, nowMs: number, sizeS: number, limit: number, current: number, previous: number): number {
  const sizeMs = sizeS * 1000;
  const elapsed = nowMs - windowStart(nowMs, sizeS);
  const rest = sizeMs - elapsed;
  if (windowUsage(type, nowMs, sizeS, current, previous) < limit) return 0;
  if (type === 'fixed') return rest / 1000;
  if (current < limit) {
    // prev × (size − elapsed − d) / size + current < limit
    const d = rest - (sizeMs * (limit - current)) / previous;
    return Math.max(d, 0) / 1000;
  }
  if (limit <= 0) return (rest + sizeMs) / 1000;
  // next window: current × (size − e') / size < limit → e' > size × (1 − limit / current)
  return (rest + sizeMs * (1 - limit / current)) / 1000;
}

/** Whole seconds for the headers: at least 1 while limited (Kong never says "retry after 0"). */
export function headerSeconds(seconds: number): number {
  return Math.max(1, Math.ceil(seconds));
}

/**
 * Rate Limiting Advanced's header label for a window size: the usual sizes by name (60 →
 * `minute`), any other by its number of seconds (30 → `30`), as Kong's `X-AI-RateLimit-*-<window>-<provider>`.
 */
const NAMED: ReadonlyMap<number, string> = new Map([
  [1, 'second'],
  [60, 'minute'],
  [3600, 'hour'],
  [86400, 'day'],
  [2592000, 'month'],
  [31536000, 'year'],
]);
export function windowLabel(sizeS: number): string {
  return NAMED.get(sizeS) ?? String(sizeS);
}
