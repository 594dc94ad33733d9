// The `redis` strategy: counters shared by every node through one Redis (ioredis), changed only
// by one Lua script (SYNC_LUA below) that adds this node's pending counts and returns the totals
// in one atomic step — no read-modify-write across nodes (reads alone are one MGET). `sync_rate`
// as Kong defines it: 0 (and unset) = synchronous, every check reads Redis and every charge
// writes it; > 0 = counts buffered here and pushed (and totals pulled) every `sync_rate`
// seconds; -1 never reaches here (the plugin counts locally). When Redis is unreachable the node falls back to counting in its
// own memory, as Kong documents, says so once, and pushes what it counted once Redis is back.
// Synchronous mode batches by event-loop turn: the checks and charges of every request handled
// in one turn go out together right after it (setImmediate) as one command — one script, or one
// MGET when nothing is charged — so each check still waits for Redis's totals taken after it
// was asked, and each charge is sent in the turn it is made, but N requests cost one write, one
// round trip and one reply to parse instead of 2·N.
import { Redis } from 'ioredis';
import type { CounterSeries, CounterStore, WindowCounts } from './store.js';
import { windowKey } from './store.js';
import { windowStart } from './window.js';

export interface RedisSettings {
  readonly host: string;
  readonly port: number;
  readonly database: number;
  readonly username: string | null;
  readonly password: string | null;
  readonly ssl: boolean;
  readonly sslVerify: boolean;
  readonly serverName: string | null;
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
}

/** KEYS: counters; ARGV: (increment, expire-at ms) per key. Returns every key's total. */
const SYNC_LUA = `
local out = {}
for i, key in ipairs(KEYS) do
  local inc = ARGV[2 * i - 1]
  if tonumber(inc) ~= 0 then
    out[i] = redis.call('INCRBYFLOAT', key, inc)
    redis.call('PEXPIREAT', key, ARGV[2 * i])
  else
    out[i] = redis.call('GET', key) or '0'
  end
end
return out`;

interface Entry {
  /** The total in Redis, as last seen. */
  remote: number;
  /** Counted here, not yet sent. */
  diff: number;
  /** Sent, answer not yet back. */
  inflight: number;
  readonly expiresMs: number;
}

type SyncClient = Redis & { aiRlaSync(numKeys: number, ...args: (string | number)[]): Promise<string[]> };

export type RedisLog = (message: string) => void;

export class RedisCounters implements CounterStore {
  private readonly client: SyncClient;
  private readonly entries = new Map<string, Entry>();
  /** Synchronous mode: the keys of this turn's checks and charges, sent together after it. */
  private pending = new Set<string>();
  /** Synchronous mode: the checks waiting for this turn's batch. */
  private waiting: (() => void)[] = [];
  private batchScheduled = false;
  private state: 'starting' | 'up' | 'down' = 'starting';
  private writes = 0;
  private closed = false;
  /** While down on a connection that stays open (a Redis that stopped answering): a PING a second. */
  private probe: NodeJS.Timeout | null = null;
  /** Settles when the first connection attempt has succeeded or failed. */
  private readonly settled: Promise<void>;
  private settle: () => void = () => undefined;
  private readonly timer: NodeJS.Timeout | null;
  readonly where: string;

  constructor(
    settings: RedisSettings,
    /** seconds; 0 = synchronous */
    private readonly syncRateS: number,
    private readonly log: RedisLog,
    private readonly clock: () => number = Date.now,
  ) {
    this.where = `${settings.host}:${settings.port}`;
    this.client = new Redis({
      host: settings.host,
      port: settings.port,
      db: settings.database,
      username: settings.username ?? undefined,
      password: settings.password ?? undefined,
      tls: settings.ssl ? { servername: settings.serverName ?? settings.host, rejectUnauthorized: settings.sslVerify } : undefined,
      connectTimeout: settings.connectTimeoutMs || undefined,
      commandTimeout: settings.readTimeoutMs || undefined,
      enableOfflineQueue: false, // never wait for a connection on the request path
      maxRetriesPerRequest: 0,
      retryStrategy: (times) => Math.min(100 * times, 1000), // keep reconnecting, at most 1 s apart
    }) as SyncClient;
    this.settled = new Promise((resolve) => (this.settle = resolve));
    this.client.defineCommand('aiRlaSync', { lua: SYNC_LUA });
    this.client.on('ready', () => this.up());
    this.client.on('error', (err: Error) => this.down(err));
    this.client.on('close', () => this.state === 'up' && this.down(new Error('connection closed')));
    this.timer = syncRateS > 0 ? setInterval(() => void this.flush(null), syncRateS * 1000) : null;
    this.timer?.unref();
  }

  get connected(): boolean {
    return this.state === 'up';
  }

  read(series: readonly CounterSeries[], nowMs: number): readonly WindowCounts[] | Promise<readonly WindowCounts[]> {
    const keys: string[] = [];
    for (const s of series) {
      const start = windowStart(nowMs, s.sizeS);
      keys.push(windowKey(s.base, start), windowKey(s.base, start - s.sizeS * 1000));
      this.entry(keys[keys.length - 2]!, start + 2 * s.sizeS * 1000);
      this.entry(keys[keys.length - 1]!, start + s.sizeS * 1000);
    }
    // the client is made with the plugin, on its first request: that one waits for the connection
    // (at most connect_timeout) rather than reading nothing
    if (this.state === 'starting') return this.settled.then(() => this.read(series, this.clock()));
    if (this.syncRateS > 0 || this.state !== 'up') return this.view(keys, nowMs);
    for (const k of keys) this.pending.add(k);
    return new Promise((resolve) => {
      this.waiting.push(() => resolve(this.view(keys, this.clock())));
      this.scheduleBatch();
    });
  }

  charge(series: readonly CounterSeries[], amount: number, nowMs: number): void {
    const sync = this.syncRateS === 0 && this.state === 'up';
    for (const s of series) {
      const start = windowStart(nowMs, s.sizeS);
      const key = windowKey(s.base, start);
      this.entry(key, start + 2 * s.sizeS * 1000).diff += amount;
      if (sync) this.pending.add(key);
    }
    if (++this.writes % 1024 === 0) for (const [k, e] of this.entries) if (e.expiresMs <= nowMs && e.diff === 0 && e.inflight === 0) this.entries.delete(k);
    if (sync) this.scheduleBatch();
  }

  /** Synchronous mode: this turn's checks and charges go out together once the turn is over. */
  private scheduleBatch(): void {
    if (this.batchScheduled) return;
    this.batchScheduled = true;
    setImmediate(() => {
      this.batchScheduled = false;
      const keys = [...this.pending];
      const waiting = this.waiting;
      this.pending = new Set();
      this.waiting = [];
      // flush() never rejects on a Redis failure (the node counts locally); the checks are
      // answered whatever happens, from Redis's totals or from this node's own.
      void this.flush(keys).finally(() => {
        for (const done of waiting) done();
      });
    });
  }

  /** Sends the pending counts of `keys` (null: of every live counter) and takes back the totals. */
  async flush(keys: readonly string[] | null): Promise<void> {
    const now = this.clock();
    if (keys === null) for (const [k, e] of this.entries) if (e.expiresMs <= now) this.entries.delete(k);
    if (this.state !== 'up') return;
    const batch = (keys ?? [...this.entries.keys()]).map((k) => [k, this.entries.get(k)] as const).filter((x): x is readonly [string, Entry] => x[1] !== undefined);
    if (batch.length === 0) return;
    const args: (string | number)[] = [batch.length];
    const sent: number[] = [];
    for (const [k] of batch) args.push(k);
    for (const [, e] of batch) {
      const d = e.diff;
      e.diff = 0;
      e.inflight += d;
      sent.push(d);
      args.push(String(d), e.expiresMs);
    }
    try {
      // nothing to add: a plain MGET (atomic too, and no Lua for Redis to run)
      const totals = sent.every((d) => d === 0)
        ? await this.client.mget(...batch.map(([k]) => k))
        : await this.client.aiRlaSync(...(args as [number, ...(string | number)[]]));
      batch.forEach(([, e], i) => {
        e.inflight -= sent[i]!;
        e.remote = Number(totals[i] ?? 0);
      });
    } catch (err) {
      batch.forEach(([, e], i) => {
        e.inflight -= sent[i]!;
        e.diff += sent[i]!;
      });
      this.down(err as Error);
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.probe) clearInterval(this.probe);
    this.client.disconnect();
  }

  private view(keys: readonly string[], nowMs: number): WindowCounts[] {
    const out: WindowCounts[] = [];
    for (let i = 0; i < keys.length; i += 2) out.push({ current: this.value(keys[i]!, nowMs), previous: this.value(keys[i + 1]!, nowMs) });
    return out;
  }

  private value(key: string, nowMs: number): number {
    const e = this.entries.get(key);
    return e === undefined || e.expiresMs <= nowMs ? 0 : e.remote + e.diff + e.inflight;
  }

  private entry(key: string, expiresMs: number): Entry {
    let e = this.entries.get(key);
    if (e === undefined) this.entries.set(key, (e = { remote: 0, diff: 0, inflight: 0, expiresMs }));
    return e;
  }

  private up(): void {
    if (this.probe) clearInterval(this.probe);
    this.probe = null;
    const was = this.state;
    this.settle();
    if (was === 'up') return;
    this.state = 'up';
    if (was === 'down') this.log(`redis ${this.where} is reachable again: counts made meanwhile pushed, limits shared again`);
    void this.flush(null);
  }

  private down(err: Error): void {
    this.settle();
    if (this.state === 'down' || this.closed) return;
    this.state = 'down';
    // A dead connection comes back through ioredis's reconnection ('ready'); one that stayed open
    // but timed out never emits 'ready' again, so it is probed.
    this.probe = setInterval(() => {
      if (this.client.status === 'ready') this.client.ping().then(() => this.up(), () => undefined);
    }, 1000);
    this.probe.unref();
    this.log(
      `redis ${this.where} unreachable (${err.message || err.name}): ai-rate-limiting-advanced counts in this node's memory until it is back (limits per node meanwhile)`,
    );
  }
}
