// The Redis counters against a real redis-server (started here, by PID): two stores stand for two
// gateway nodes. Synchronous mode shares every count at once and atomically (one command per
// event-loop turn, whatever the number of requests in it); sync_rate > 0
// shares them at the next sync; an outage is said once, counted locally, and pushed when Redis
// is back. Skips loudly without redis-server (fails with REQUIRE_SERVICES=1).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { redisSkipReason, startRedis, type TestRedis } from '../../testing/redis.js';
import { RedisCounters, type RedisSettings } from './redis.js';

const skip = redisSkipReason();

describe('RedisCounters on a real Redis', { skip }, () => {
  let redis: TestRedis;
  const stores: RedisCounters[] = [];
  const settings = (): RedisSettings => ({
    host: '127.0.0.1', port: redis.port, database: 0, username: null, password: null, ssl: false, sslVerify: false, serverName: null, connectTimeoutMs: 500, readTimeoutMs: 500,
  });
  const store = (syncRate: number, log: (m: string) => void = () => {}) => {
    const s = new RedisCounters(settings(), syncRate, log);
    stores.push(s);
    return s;
  };
  const until = async (cond: () => boolean, ms = 5_000) => {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) throw new Error('condition not met in time');
      await sleep(20);
    }
  };

  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    for (const s of stores) s.close();
    await redis?.close();
  });

  it('synchronous (sync_rate 0): a count made on one node is read by the other at once', async () => {
    const a = store(0);
    const b = store(0);
    await until(() => a.connected && b.connected);
    const series = [{ base: 'ai-rla:t1:alice:huggingface:60', sizeS: 60 }];
    const now = Date.now();
    a.charge(series, 40, now);
    await a.flush(null);
    const seen = await b.read(series, Date.now());
    assert.equal(seen[0]!.current, 40);
  });

  it("a node's first request waits for its new connection instead of reading nothing", async () => {
    const a = store(0);
    await until(() => a.connected);
    const series = [{ base: 'ai-rla:t0:zoe:huggingface:60', sizeS: 60 }];
    a.charge(series, 11, Date.now());
    await a.flush(null);
    const fresh = store(0); // not connected yet
    assert.equal((await fresh.read(series, Date.now()))[0]!.current, 11);
  });

  it('atomic across nodes: 200 concurrent charges from two nodes add up exactly', async () => {
    const a = store(0);
    const b = store(0);
    await until(() => a.connected && b.connected);
    const series = [{ base: 'ai-rla:t2:bob:huggingface:3600', sizeS: 3600 }];
    const now = Date.now();
    for (let i = 0; i < 100; i++) {
      a.charge(series, 3, now);
      b.charge(series, 2, now);
    }
    await Promise.all([a.flush(null), b.flush(null)]);
    const c = store(0);
    await until(() => c.connected);
    assert.equal((await c.read(series, Date.now()))[0]!.current, 500);
  });

  it('synchronous: the checks and charges of one event-loop turn go to Redis as one command, and each check sees the charges made before it', async () => {
    const a = store(0);
    const b = store(0);
    await until(() => a.connected && b.connected);
    const probe = new Redis({ host: '127.0.0.1', port: redis.port });
    const calls = async () => {
      const stats = await probe.info('commandstats');
      return ['evalsha', 'eval', 'mget', 'get', 'incrbyfloat'].reduce((n, c) => n + Number(new RegExp(`^cmdstat_${c}:calls=(\\d+)`, 'm').exec(stats)?.[1] ?? 0), 0);
    };
    try {
      const series = [
        { base: 'ai-rla:t6:frank:huggingface:60', sizeS: 60 },
        { base: 'ai-rla:t6:frank:huggingface:3600', sizeS: 3600 },
      ];
      await a.read(series, Date.now()); // the script is loaded
      await b.read(series, Date.now());
      const before = await calls();
      // 50 requests in one turn on node a: each charged 2, then each checked (as the next requests would be)
      const now = Date.now();
      for (let i = 0; i < 50; i++) a.charge(series, 2, now);
      const seen = await Promise.all(Array.from({ length: 50 }, () => a.read(series, Date.now())));
      // one script: two INCRBYFLOAT and the previous windows' two GET inside it, one EVALSHA outside
      assert.equal((await calls()) - before, 1 + 4, 'one command for the whole turn (plus the calls inside the script)');
      for (const s of seen) assert.deepEqual(s.map((w) => w.current), [100, 100], 'every check sees every charge made before it');
      // node b reads Redis's totals: one MGET for its 50 checks
      const before2 = await calls();
      const other = await Promise.all(Array.from({ length: 50 }, () => b.read(series, Date.now())));
      assert.equal((await calls()) - before2, 1);
      for (const s of other) assert.deepEqual(s.map((w) => w.current), [100, 100]);
    } finally {
      probe.disconnect();
    }
  });

  it('sync_rate > 0: counts stay on the node until the next sync, then every node sees them', async () => {
    const a = store(0.2);
    const b = store(0.2);
    await until(() => a.connected && b.connected);
    const series = [{ base: 'ai-rla:t3:carol:huggingface:60', sizeS: 60 }];
    b.read(series, Date.now()); // b starts following this counter
    a.charge(series, 25, Date.now());
    assert.equal((b.read(series, Date.now()) as readonly { current: number }[])[0]!.current, 0, 'not yet synced');
    await until(() => (b.read(series, Date.now()) as readonly { current: number }[])[0]!.current === 25);
  });

  it('Redis hanging (SIGSTOP): checks give up after read_timeout and count locally; SIGCONT: back by itself', async () => {
    const lines: string[] = [];
    const a = store(0, (m) => lines.push(m));
    await until(() => a.connected);
    const series = [{ base: 'ai-rla:t5:erin:huggingface:3600', sizeS: 3600 }];
    process.kill(redis.process.pid, 'SIGSTOP');
    try {
      const t0 = Date.now();
      const seen = await a.read(series, Date.now());
      assert.ok(Date.now() - t0 < 2_000, 'no longer than read_timeout (500 ms here)');
      assert.equal(seen[0]!.current, 0);
      assert.equal(a.connected, false);
      a.charge(series, 9, Date.now());
    } finally {
      process.kill(redis.process.pid, 'SIGCONT');
    }
    await until(() => a.connected, 5_000);
    await until(() => lines.length === 2);
    assert.match(lines[0]!, /unreachable \(Command timed out\)/);
    assert.match(lines[1]!, /reachable again/);
    const b = store(0);
    await until(() => b.connected);
    assert.equal((await b.read(series, Date.now()))[0]!.current, 9, 'the count made while Redis hung was pushed');
  });

  it('Redis down: said once, counted locally, pushed when Redis is back (which is said once too)', async () => {
    const lines: string[] = [];
    const a = store(0, (m) => lines.push(m));
    await until(() => a.connected);
    const series = [{ base: 'ai-rla:t4:dave:huggingface:3600', sizeS: 3600 }];
    a.charge(series, 10, Date.now());
    await a.flush(null);
    await redis.stop('SIGKILL');
    await until(() => !a.connected);
    for (let i = 0; i < 5; i++) {
      a.charge(series, 7, Date.now());
      assert.equal((await a.read(series, Date.now()))[0]!.current, 10 + 7 * (i + 1), 'the node keeps counting on its own');
    }
    await redis.start();
    await until(() => a.connected, 8_000);
    await until(() => lines.length === 2);
    assert.match(lines[0]!, /^redis 127\.0\.0\.1:\d+ unreachable \(.+\): ai-rate-limiting-advanced counts in this node's memory until it is back \(limits per node meanwhile\)$/);
    assert.match(lines[1]!, /reachable again/);
    const b = store(0);
    await until(() => b.connected);
    // the restarted Redis is empty (no persistence): what the node counted during the outage was pushed
    assert.equal((await b.read(series, Date.now()))[0]!.current, 35);
    assert.equal(lines.length, 2, 'one line each way, however many requests were made meanwhile');
  });
});
