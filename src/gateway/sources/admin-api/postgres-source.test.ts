// The Admin API source on a real PostgreSQL (started here), in this process: a write through this
// node's Admin API makes exactly one new snapshot — not a second one when the node's own NOTIFY
// comes back to it — and a write made by another node (another source on the same database)
// makes exactly one too. Skips loudly without PostgreSQL (fails with REQUIRE_SERVICES=1).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { migrateUp } from '../../../kong-entities/index.js';
import { postgresSkipReason, startPostgres, stopStartedPostgres, type TestPostgres } from '../../../testing/postgres.js';
import type { ConfigSnapshot } from '../../config/snapshot.js';
import { AdminApiSource } from './index.js';

const skip = postgresSkipReason();
let pg: TestPostgres;

before(async () => {
  if (skip) return;
  pg = await startPostgres();
  await migrateUp({ host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: pg.database });
});
after(stopStartedPostgres);

async function node() {
  const snapshots: ConfigSnapshot[] = [];
  const source = new AdminApiSource({
    listen: '127.0.0.1:0',
    postgres: { pg: { host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: pg.database }, updateFrequencyMs: 5000, notify: true },
    announce: () => {},
  });
  await source.start({ onSnapshot: (s) => snapshots.push(s), onError: (e) => assert.fail(e) });
  for (let i = 0; i < 100 && source.status()['notify'] !== 'listening'; i++) await sleep(20);
  assert.equal(source.status()['notify'], 'listening');
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${source.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(r.status, 201, await r.text());
  };
  return { source, snapshots, post };
}

test('one Admin API write on PostgreSQL: one new snapshot on the writer (its own NOTIFY is not a second change), at most one on the other node', { skip }, async () => {
  const a = await node();
  const b = await node();
  try {
    // Whether the writer's own notification comes back before or after it has made its snapshot
    // is a matter of timing (before the fix, about half of the writes made two snapshots): many
    // writes, with pauses of random length in between, meet both cases.
    const WRITES = 20;
    for (let i = 0; i < WRITES; i++) {
      await a.post('/consumers', { username: `one-${i}` });
      assert.equal(a.snapshots.at(-1)?.consumers.length, i + 1, 'the write is in force on the writer when it is acknowledged');
      await sleep(Math.random() * 25);
    }
    await sleep(300); // every notification delivered and handled
    assert.deepEqual(a.snapshots.map((s) => s.consumers.length), Array.from({ length: WRITES }, (_, i) => i + 1), 'the writer: exactly one snapshot per write');
    const seen = b.snapshots.map((s) => s.consumers.length);
    assert.ok(seen.length <= WRITES && seen.at(-1) === WRITES, `the other node: at most one snapshot per write, the last with every write (${seen.join(' ')})`);
    assert.ok(seen.every((n, i) => i === 0 || n > seen[i - 1]!), 'each of its snapshots is newer than the one before');
  } finally {
    await a.source.stop();
    await b.source.stop();
  }
});

test('concurrent Admin API writes on PostgreSQL: each is in force when acknowledged; no more snapshots than writes', { skip }, async () => {
  const a = await node();
  try {
    const before = a.snapshots.length;
    for (let round = 0; round < 5; round++) {
      await Promise.all(
        Array.from({ length: 4 }, async (_, j) => {
          const username = `c-${round}-${j}`;
          await a.post('/consumers', { username });
          assert.ok(a.snapshots.at(-1)!.consumers.some((c) => c.username === username), `${username} is in force when acknowledged`);
        }),
      );
    }
    await sleep(300);
    const made = a.snapshots.length - before;
    assert.ok(made <= 20, `${made} snapshots for 20 writes`);
    assert.equal(a.snapshots.at(-1)!.consumers.filter((c) => c.username?.startsWith('c-')).length, 20);
  } finally {
    await a.source.stop();
  }
});
