// One ai-rate-limiting-advanced instance, prepared once per plugin entity: its limits as
// (provider, window) series, the counter store its strategy uses, and the two steps the proxy
// runs — `check` before the request is proxied (headers, or Kong's 429) and `charge` after the
// answer (the tokens it reported). What this gateway cannot run (`policies`, the `cluster`
// strategy, Lua count functions, Redis Sentinel/Cluster) makes `unsupported` say so: the proxy
// then refuses the requests it applies to instead of letting them through unlimited.
import type { AiRateLimitingConfig, Plugin } from '../../schemas/index.js';
import { nodeLocalStore } from './node-local.js';
import { RedisCounters, type RedisLog, type RedisSettings } from './redis.js';
import type { CounterSeries, CounterStore, WindowCounts } from './store.js';
import { secondsUntilBelow, windowLabel, windowUsage, type WindowType } from './window.js';

export interface Limit extends CounterSeries {
  readonly provider: string;
  readonly limit: number;
  /** `X-AI-RateLimit-*-<label>-<provider>` */
  readonly label: string;
}

export interface LimitState {
  readonly limit: Limit;
  readonly usage: number;
  /** Seconds until usage falls below the limit; 0 when it is below. */
  readonly wait: number;
}

export interface PreparedRateLimit {
  readonly plugin: Plugin;
  readonly config: AiRateLimitingConfig;
  /** Why this gateway cannot run this instance (the request must fail), or null. */
  readonly unsupported: string | null;
  /** The counter series of every configured (provider, window), for one identifier (shared: do not change them). */
  series(identifier: string): readonly Limit[];
  read(series: readonly Limit[], nowMs: number): LimitState[] | Promise<LimitState[]>;
  charge(series: readonly Limit[], amount: number, nowMs: number): void;
}

let localStore: CounterStore | undefined;
const redisStores = new Map<string, RedisCounters>();
let redisLog: RedisLog = (m) => void process.stderr.write(`ai-gateway: ${m}\n`);

/** Where the Redis strategy says it lost or found Redis again (stderr by default). */
export function setRateLimitLog(log: RedisLog): void {
  redisLog = log;
}

/** This node's local counters (shared by every instance; namespaces keep them apart). */
export function localCounters(): CounterStore {
  return (localStore ??= nodeLocalStore());
}

function redisSettings(r: AiRateLimitingConfig['redis']): RedisSettings {
  return {
    host: r?.host ?? '127.0.0.1',
    port: Number(r?.port ?? 6379),
    database: r?.database ?? 0,
    username: r?.username ?? null,
    password: r?.password ?? null,
    ssl: r?.ssl ?? false,
    sslVerify: r?.ssl_verify ?? false,
    serverName: r?.server_name ?? null,
    connectTimeoutMs: r?.connect_timeout ?? 2000,
    readTimeoutMs: r?.read_timeout ?? 2000,
  };
}

/** One client per (connection, sync_rate) per process, kept across configuration reloads. */
function redisCounters(settings: RedisSettings, syncRateS: number): RedisCounters {
  const key = JSON.stringify([settings, syncRateS]);
  let store = redisStores.get(key);
  if (store === undefined) redisStores.set(key, (store = new RedisCounters(settings, syncRateS, (m) => redisLog(m))));
  return store;
}

/** Closes every Redis client this process opened (tests, benchmarks). */
export function closeRateLimitStores(): void {
  for (const s of redisStores.values()) s.close();
  redisStores.clear();
  localStore = undefined;
}

function unsupportedReason(c: AiRateLimitingConfig): string | null {
  if (c.policies && c.policies.length > 0) return 'config.policies is not supported by this gateway (use config.llm_providers)';
  if (c.strategy === 'cluster') return "strategy 'cluster' is not supported (Kong supports it only in traditional mode; use 'redis' or 'local')";
  for (const p of c.llm_providers ?? []) {
    if (p.name === 'requestPrompt') return "provider 'requestPrompt' needs a Lua count function, which this gateway does not run";
    if (p.name === 'customCost') return "provider 'customCost' needs a Lua cost function, which this gateway does not run";
  }
  const r = c.redis;
  if (c.strategy === 'redis' && r && ((r.sentinel_master ?? null) !== null || (r.sentinel_nodes?.length ?? 0) > 0 || (r.cluster_nodes?.length ?? 0) > 0 || r.cloud_authentication))
    return 'Redis Sentinel, Redis Cluster and cloud authentication are not supported by this gateway (use config.redis.host/port)';
  return null;
}

const SERIES_CACHE = 10_000;

export function prepareRateLimit(plugin: Plugin): PreparedRateLimit {
  const config = plugin.config as unknown as AiRateLimitingConfig;
  const unsupported = unsupportedReason(config);
  const type = config.window_type as WindowType;
  const namespace = config.namespace ?? plugin.id;
  const syncRate = config.sync_rate ?? 0;
  const store: CounterStore =
    config.strategy === 'redis' && syncRate !== -1 && unsupported === null ? redisCounters(redisSettings(config.redis), syncRate) : localCounters();
  const configured = (config.llm_providers ?? []).flatMap((p) =>
    p.window_size.map((sizeS, i) => ({ provider: p.name, sizeS, limit: p.limit[i] ?? 0, label: windowLabel(sizeS) })),
  );
  const states = (series: readonly Limit[], counts: readonly WindowCounts[], nowMs: number): LimitState[] =>
    series.map((limit, i) => {
      const { current, previous } = counts[i]!;
      const usage = windowUsage(type, nowMs, limit.sizeS, current, previous);
      return { limit, usage, wait: secondsUntilBelow(type, nowMs, limit.sizeS, limit.limit, current, previous) };
    });
  // The series of the identifiers seen lately, made once each (every request of a client asks
  // for the same ones); emptied when it grows past SERIES_CACHE, so hostile identifiers cannot grow it.
  const seen = new Map<string, Limit[]>();
  return {
    plugin,
    config,
    unsupported,
    series(identifier) {
      let s = seen.get(identifier);
      if (s === undefined) {
        if (seen.size >= SERIES_CACHE) seen.clear();
        seen.set(identifier, (s = configured.map((c) => ({ ...c, base: `ai-rla:${namespace}:${identifier}:${c.provider}:${c.sizeS}` }))));
      }
      return s;
    },
    read(series, nowMs) {
      const counts = store.read(series, nowMs);
      return counts instanceof Promise ? counts.then((c) => states(series, c, nowMs)) : states(series, counts, nowMs);
    },
    charge: (series, amount, nowMs) => store.charge(series, amount, nowMs),
  };
}

const prepared = new WeakMap<Plugin, PreparedRateLimit>();

/** The prepared instance for a plugin entity of the current snapshot (prepared once). */
export function rateLimitFor(plugin: Plugin): PreparedRateLimit {
  let p = prepared.get(plugin);
  if (p === undefined) prepared.set(plugin, (p = prepareRateLimit(plugin)));
  return p;
}
