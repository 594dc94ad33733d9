// ratelimit/: Kong's ai-rate-limiting-advanced — token (or cost) limits per provider and window,
// counted from each answer's usage: the window arithmetic (window.ts), the identifier
// (identifier.ts), the counters (store.ts: local.ts in memory, redis.ts shared through Redis),
// the prepared instance (limiter.ts) and what the client is told (headers.ts). The proxy runs it
// in proxy/stages/rate-limit.ts.
export { prepareRateLimit, rateLimitFor, closeRateLimitStores, setRateLimitLog, localCounters, type Limit, type LimitState, type PreparedRateLimit } from './limiter.js';
export { decide, amountOf, type Decision } from './headers.js';
export { identify, clientIp, type RequestIdentity } from './identifier.js';
export { windowStart, windowUsage, secondsUntilBelow, headerSeconds, windowLabel, type WindowType } from './window.js';
export { LocalCounters } from './local.js';
export { serveNodeCounters, WorkerCounters } from './node-local.js';
export { RedisCounters, type RedisSettings } from './redis.js';
export type { CounterSeries, CounterStore, WindowCounts } from './store.js';
