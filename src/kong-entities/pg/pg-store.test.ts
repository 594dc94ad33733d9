// PostgreSQL store against a real server: migrations (idempotent, concurrent runners), a store
// refusing an unmigrated or unreachable database with a stable code, two stores (two nodes) on
// one database racing for the same unique name (exactly one wins), catching up by version,
// an acknowledged write surviving kill -9 of PostgreSQL, and PostgreSQL going away while a
// connection is in use failing that write cleanly instead of crashing the process.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { postgresSkipReason, startPostgres, stopStartedPostgres, type TestPostgres } from '../../testing/postgres.js';
import { EntityEngine, listMigrations, MIGRATIONS, migrateUp, PgStore, PgStoreError, type PgOptions } from '../index.js';

const skip = postgresSkipReason();
let srv: TestPostgres;
let n = 0;

before(async () => {
  if (!skip) srv = await startPostgres();
});
after(stopStartedPostgres);

async function freshDatabase(): Promise<PgOptions> {
  const database = `store_${++n}`;
  const c = new pg.Client({ host: srv.host, port: srv.port, user: srv.user, password: srv.password, database: srv.database });
  await c.connect();
  await c.query(`CREATE DATABASE ${database}`);
  await c.end();
  return { host: srv.host, port: srv.port, user: srv.user, password: srv.password, database };
}

test('migrations up is idempotent, also with runners racing; list shows what is applied', { skip }, async () => {
  const o = await freshDatabase();
  assert.ok((await listMigrations(o)).every((m) => m.appliedAt === null));
  const results = await Promise.all([migrateUp(o), migrateUp(o), migrateUp(o)]);
  assert.deepEqual(results.flat(), MIGRATIONS.map((m) => m.name), 'each migration ran exactly once');
  assert.deepEqual(await migrateUp(o), []);
  assert.ok((await listMigrations(o)).every((m) => m.appliedAt instanceof Date));
});

test('opening an unmigrated, missing or unreachable database fails with a stable code, never the password', { skip }, async () => {
  const o = await freshDatabase();
  const code = async (opts: PgOptions) => {
    try {
      await PgStore.open(opts);
      return 'opened';
    } catch (e) {
      assert.ok(e instanceof PgStoreError);
      assert.ok(!e.message.includes(srv.password), e.message);
      return e.code;
    }
  };
  assert.equal(await code(o), 'not_migrated');
  assert.equal(await code({ ...o, database: 'nope' }), 'no_database');
  assert.equal(await code({ ...o, password: 'wrong-password' }), 'auth');
  assert.equal(await code({ ...o, port: 1, timeoutMs: 2000 }), 'unreachable');
});

test('two nodes on one database: a unique name is won by exactly one writer, and the other node catches up', { skip }, async () => {
  const o = await freshDatabase();
  await migrateUp(o);
  const [a, b] = [await PgStore.open(o), await PgStore.open(o)];
  try {
    const [ea, eb] = [new EntityEngine(a), new EntityEngine(b)];
    const tries = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).unit(() => (i % 2 ? ea : eb).create('ws', 'services', { name: 'same', host: `h${i}` }))),
    );
    assert.equal(tries.filter((r) => r.ok).length, 1, 'one create wins');
    assert.ok(tries.filter((r) => !r.ok).every((r) => !r.ok && r.error.kind === 'unique_violation'));
    await a.refresh();
    await b.refresh();
    const la = ea.list('ws', 'services');
    const lb = eb.list('ws', 'services');
    assert.ok(la.ok && lb.ok);
    assert.equal(la.value.data.length, 1);
    assert.deepEqual(la.value.data, lb.value.data);
    // A cascade made on one node is seen by the other.
    const svc = la.value.data[0]!;
    assert.ok((await a.unit(() => ea.create('ws', 'plugins', { name: 'key-auth', service: { id: svc.id } }))).ok);
    assert.ok((await b.unit(() => eb.delete('ws', 'services', svc.id))).ok, 'b saw the plugin before deleting (cascade)');
    assert.equal(await a.refresh(), true);
    const plugins = ea.list('ws', 'plugins');
    assert.ok(plugins.ok && plugins.value.data.length === 0);
    assert.equal(a.currentVersion, b.currentVersion);
    // Reads on b (sharing catch-ups) see every write acknowledged on a before they were asked.
    for (let i = 0; i < 5; i++) {
      assert.ok((await a.unit(() => ea.create('ws', 'consumers', { username: `r${i}` }))).ok);
      const seen = await Promise.all(Array.from({ length: 8 }, () => b.fresh(() => eb.get('ws', 'consumers', `r${i}`).ok)));
      assert.deepEqual(seen, Array(8).fill(true));
    }
  } finally {
    await a.close();
    await b.close();
  }
});

test('an acknowledged write survives kill -9 of PostgreSQL; writes fail cleanly while it is down', { skip }, async () => {
  const o = await freshDatabase();
  await migrateUp(o);
  const store = await PgStore.open(o);
  const engine = new EntityEngine(store);
  try {
    const created = await store.unit(() => engine.create('ws', 'consumers', { username: 'kept' }));
    assert.ok(created.ok);
    await srv.kill9();
    await assert.rejects(
      store.unit(() => engine.create('ws', 'consumers', { username: 'lost' })),
      (e: unknown) => e instanceof PgStoreError && (e.code === 'unreachable' || e.code === 'timeout'),
    );
    assert.ok(!engine.get('ws', 'consumers', 'lost').ok, 'a failed write leaves nothing in the replica');
    await srv.start();
    const fresh = await PgStore.open(o);
    try {
      const got = new EntityEngine(fresh).get('ws', 'consumers', 'kept');
      assert.ok(got.ok);
      assert.equal(got.value.id, created.value.id);
    } finally {
      await fresh.close();
    }
    // The old store recovers by itself on its next use.
    assert.ok((await store.unit(() => engine.create('ws', 'consumers', { username: 'after' }))).ok);
  } finally {
    await store.close();
  }
});

for (const how of ['shutdown', 'kill9'] as const) {
  test(`PostgreSQL going away (${how}) while a write holds a connection: the write fails cleanly and nothing crashes`, { skip }, async () => {
    const o = await freshDatabase();
    await migrateUp(o);
    const store = await PgStore.open(o);
    const engine = new EntityEngine(store);
    // Another session holds the writers' lock, so the store's write waits with its connection checked out.
    const holder = new pg.Client({ host: o.host, port: o.port, user: o.user, password: o.password, database: o.database });
    holder.on('error', () => undefined);
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT version FROM ai_gateway_kv_meta WHERE id = 1 FOR UPDATE');
    try {
      const waiting = store.unit(() => engine.create('ws', 'consumers', { username: 'waiting' }));
      await new Promise((r) => setTimeout(r, 300));
      // Before the fix, the connection's 'error' event had no listener while checked out: an uncaught exception.
      await (how === 'shutdown' ? srv.shutdown() : srv.kill9());
      await assert.rejects(waiting, (e: unknown) => e instanceof PgStoreError && e.code === 'unreachable');
      assert.ok(!engine.get('ws', 'consumers', 'waiting').ok, 'the failed write left nothing in the replica');
      await srv.start();
      assert.ok((await store.unit(() => engine.create('ws', 'consumers', { username: 'after' }))).ok, 'the store recovers by itself');
    } finally {
      await holder.end().catch(() => undefined);
      await store.close();
    }
  });
}

test('deletions are pruned after the window; a node that fell further behind reloads everything and agrees', { skip }, async () => {
  const o = await freshDatabase();
  await migrateUp(o);
  const [a, b] = [await PgStore.open(o, { tombstoneWindow: 10 }), await PgStore.open(o, { tombstoneWindow: 10 })];
  try {
    const [ea, eb] = [new EntityEngine(a), new EntityEngine(b)];
    assert.ok((await a.unit(() => ea.create('ws', 'consumers', { username: 'gone' }))).ok);
    assert.ok((await a.unit(() => ea.create('ws', 'consumers', { username: 'kept' }))).ok);
    await b.refresh();
    assert.ok(eb.get('ws', 'consumers', 'gone').ok);
    assert.ok((await a.unit(() => ea.delete('ws', 'consumers', 'gone'))).ok);
    for (let i = 0; i < 30; i++) assert.ok((await a.unit(() => ea.create('ws', 'consumers', { username: `c${i}` }))).ok);
    const c = new pg.Client({ host: o.host, port: o.port, user: o.user, password: o.password, database: o.database });
    await c.connect();
    const tombstones = await c.query('SELECT count(*)::int AS n FROM ai_gateway_deleted');
    const meta = await c.query('SELECT pruned::int AS pruned FROM ai_gateway_kv_meta');
    await c.end();
    assert.equal(tombstones.rows[0].n, 0, 'the old deletion was pruned');
    assert.ok(meta.rows[0].pruned > 3);
    assert.equal(await b.refresh(), true);
    assert.ok(!eb.get('ws', 'consumers', 'gone').ok, 'b, behind the pruned horizon, reloaded and lost the deleted consumer');
    const [la, lb] = [ea.list('ws', 'consumers', { size: '1000' }), eb.list('ws', 'consumers', { size: '1000' })];
    assert.ok(la.ok && lb.ok);
    assert.deepEqual(lb.value.data, la.value.data);
    assert.equal(la.value.data.length, 31);
  } finally {
    await a.close();
    await b.close();
  }
});

test('the database refuses a write decided on rows that changed behind the store (compare and set), and the store recovers', { skip }, async () => {
  const o = await freshDatabase();
  await migrateUp(o);
  const store = await PgStore.open(o);
  const engine = new EntityEngine(store);
  try {
    const created = await store.unit(() => engine.create('ws', 'consumers', { username: 'alice', custom_id: 'one' }));
    assert.ok(created.ok);
    // Out of band (no version bump): the row now says custom_id "two"; the replica still says "one".
    const c = new pg.Client({ host: o.host, port: o.port, user: o.user, password: o.password, database: o.database });
    await c.connect();
    await c.query(`UPDATE ai_gateway_kv SET value = replace(value, '"custom_id":"one"', '"custom_id":"two"') WHERE value LIKE '%"custom_id":"one"%'`);
    await c.end();
    await assert.rejects(
      store.unit(() => engine.patch('ws', 'consumers', 'alice', { tags: ['x'] })),
      (e: unknown) => e instanceof PgStoreError && e.code === 'conflict',
    );
    const got = engine.get('ws', 'consumers', 'alice');
    assert.ok(got.ok && got.value.tags === null, 'the refused write was rolled back in the replica');
    // The next write reads everything again and succeeds on the database's state.
    const patched = await store.unit(() => engine.patch('ws', 'consumers', 'alice', { tags: ['x'] }));
    assert.ok(patched.ok);
    assert.equal(patched.value.custom_id, 'two');
  } finally {
    await store.close();
  }
});

test('the database\'s own foreign keys: a write leaving a route on a deleted service, or an index on a deleted entity, does not commit', { skip }, async () => {
  const o = await freshDatabase();
  await migrateUp(o);
  const store = await PgStore.open(o);
  const engine = new EntityEngine(store);
  try {
    const svc = await store.unit(() => engine.create('ws', 'services', { name: 'svc', host: 'h' }));
    assert.ok(svc.ok);
    assert.ok((await store.unit(() => engine.create('ws', 'routes', { name: 'r', paths: ['/r'], service: { id: svc.value.id } }))).ok);
    // As an engine bug would: remove the service row alone, behind the engine's restrict rule.
    await assert.rejects(
      store.unit(() => store.write((tx) => tx.remove(`e|ws|services|${svc.value.id}`))),
      (e: unknown) => e instanceof PgStoreError && e.code === 'conflict' && /foreign key/.test(e.message),
    );
    assert.ok(engine.get('ws', 'services', 'svc').ok, 'the replica was rolled back');
    // The name index row refers to its owner too.
    await assert.rejects(
      store.unit(() => store.write((tx) => tx.put('u|ws|consumers|username|ghost', '6f0c1c52-1111-4e4e-9c9c-00000000dead'))),
      (e: unknown) => e instanceof PgStoreError && e.code === 'conflict',
    );
    // The engine's own cascade commits (the plugin goes with its service; the route is deleted first).
    assert.ok((await store.unit(() => engine.create('ws', 'plugins', { name: 'key-auth', service: { id: svc.value.id } }))).ok);
    assert.ok((await store.unit(() => engine.delete('ws', 'routes', 'r'))).ok);
    assert.ok((await store.unit(() => engine.delete('ws', 'services', 'svc'))).ok);
    const c = new pg.Client({ host: o.host, port: o.port, user: o.user, password: o.password, database: o.database });
    await c.connect();
    const left = await c.query('SELECT (SELECT count(*) FROM ai_gateway_kv)::int AS rows, (SELECT count(*) FROM ai_gateway_refs)::int AS refs');
    await c.end();
    assert.deepEqual(left.rows[0], { rows: 0, refs: 0 });
  } finally {
    await store.close();
  }
});

test('migrations are versioned: a database at 001 with data upgrades to 002 (deletions moved, references filled in)', { skip }, async () => {
  const o = await freshDatabase();
  assert.deepEqual(await migrateUp(o, 1), ['001_kv_store']);
  const c = new pg.Client({ host: o.host, port: o.port, user: o.user, password: o.password, database: o.database });
  await c.connect();
  // Rows as version 1 wrote them: a service, its route, the name index, and one tombstone.
  const svc = '6f0c1c52-1111-4e4e-9c9c-000000000001';
  const rows: [string, string | null][] = [
    [`e|ws|services|${svc}`, JSON.stringify({ id: svc, name: 's' })],
    ['e|ws|routes|6f0c1c52-1111-4e4e-9c9c-000000000002', JSON.stringify({ id: '6f0c1c52-1111-4e4e-9c9c-000000000002', service: { id: svc } })],
    ['u|ws|services|name|s', JSON.stringify(svc)],
    ['e|ws|consumers|6f0c1c52-1111-4e4e-9c9c-000000000003', null],
  ];
  for (const [k, v] of rows) await c.query('INSERT INTO ai_gateway_kv (key, value, version) VALUES ($1, $2, 1)', [Buffer.from(k), v]);
  await c.query('UPDATE ai_gateway_kv_meta SET version = 1');
  assert.equal((await listMigrations(o)).filter((m) => !m.appliedAt).length, 1);
  assert.deepEqual(await migrateUp(o), ['002_foreign_keys']);
  const refs = await c.query(`SELECT convert_from(child, 'UTF8') AS child, field FROM ai_gateway_refs ORDER BY 1`);
  const deleted = await c.query('SELECT count(*)::int AS n FROM ai_gateway_deleted');
  await c.end();
  assert.deepEqual(refs.rows, [
    { child: 'e|ws|routes|6f0c1c52-1111-4e4e-9c9c-000000000002', field: 'service' },
    { child: 'u|ws|services|name|s', field: '#owner' },
  ]);
  assert.equal(deleted.rows[0].n, 1);
  const store = await PgStore.open(o);
  try {
    assert.equal(new EntityEngine(store).get('ws', 'services', 's').ok, true);
  } finally {
    await store.close();
  }
});
