// The skip rule shared by the real-server helpers, and the Redis helper itself: a missing
// server is a loud skip, or a failure under REQUIRE_SERVICES=1 (CI); a started redis-server
// answers on its port, stops and starts again by PID.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { redisSkipReason, servicesSkipReason, startRedis } from './redis.js';

describe('servicesSkipReason', () => {
  it('present: no skip; missing: a loud skip, or a failure with REQUIRE_SERVICES=1', () => {
    const saved = process.env.REQUIRE_SERVICES;
    try {
      delete process.env.REQUIRE_SERVICES;
      assert.equal(servicesSkipReason('redis-server', '/usr/bin/redis-server', 'redis-server'), undefined);
      assert.match(servicesSkipReason('pg_ctl', undefined, 'postgresql')!, /pg_ctl not found \(install Debian's `postgresql` package\)/);
      process.env.REQUIRE_SERVICES = '1';
      assert.throws(() => servicesSkipReason('pg_ctl', undefined, 'postgresql'), /REQUIRE_SERVICES=1 makes this a failure/);
    } finally {
      if (saved === undefined) delete process.env.REQUIRE_SERVICES;
      else process.env.REQUIRE_SERVICES = saved;
    }
  });
});

const ping = (port: number) =>
  new Promise<string>((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write('PING\r\n'));
    s.once('data', (d) => {
      resolve(d.toString());
      s.destroy();
    });
    s.once('error', reject);
  });

describe('startRedis', { skip: redisSkipReason() }, () => {
  it('a private redis-server on a free port, stopped and restarted by PID', async () => {
    const redis = await startRedis();
    try {
      assert.equal(await ping(redis.port), '+PONG\r\n');
      const first = redis.process.pid;
      await redis.stop();
      await assert.rejects(ping(redis.port));
      await redis.start();
      assert.notEqual(redis.process.pid, first);
      assert.equal(await ping(redis.port), '+PONG\r\n');
    } finally {
      await redis.close();
    }
  });
});
