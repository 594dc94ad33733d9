// PostgreSQL store against a real server: migrations (idempotent, concurrent runners), a store
// refusing an unmigrated or unreachable database with a stable code, two stores (two nodes) on
// one database racing for the same unique name (exactly one wins), catching up by version,
// and an acknowledged write surviving kill -9 of PostgreSQL.
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
    const c = new pg.Client(o);
    await c.connect();
    const tombstones = await c.query('SELECT count(*)::int AS n FROM ai_gateway_kv WHERE value IS NULL');
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
    const c = new pg.Client(o);
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
