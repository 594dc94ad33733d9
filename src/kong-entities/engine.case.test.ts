// One conformance suite, run against every store: memory, LMDB and PostgreSQL (a real server
// started for this file; each test gets a fresh, migrated database).
import { after, test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { postgresSkipReason, startPostgres, stopStartedPostgres, type TestPostgres } from '../testing/postgres.js';
import { EntityEngine, EntityRouter, LmdbStore, MemoryStore, migrateUp, PgStore, type KeyValueStore } from './index.js';

const WS = '0b9a2c84-5d6e-4f10-9a3b-7c8d9e0f1a2b';
const seedConfig = {
  route_type: 'llm/v1/chat',
  llm_format: 'huggingface',
  auth: { header_name: 'Authorization', header_value: 'Bearer hf_x' },
  model: { provider: 'huggingface', name: 'HuggingFaceTB/SmolVLM-Base' },
};

/** A store for one test; `unit` runs one request as one write transaction (PostgreSQL's commit is asynchronous). */
interface TestStore {
  store: KeyValueStore;
  unit?: <T>(fn: () => T) => Promise<T>;
  done: () => void | Promise<void>;
}

function suite(name: string, makeStore: () => TestStore | Promise<TestStore>, opts: { skip?: string | undefined } = {}) {
  const test = (title: string, fn: () => Promise<void>) => nodeTest(title, { skip: opts.skip }, fn);
  const setup = async () => {
    const { store, unit = async (fn) => fn(), done } = await makeStore();
    let t = 1000;
    const engine = new EntityEngine(store, { now: () => t++ });
    const router = new EntityRouter(engine, { dialect: 'kong' });
    const handle = (ws: string, r: Parameters<EntityRouter['handle']>[1], mount?: string) => unit(() => router.handle(ws, r, mount));
    return { engine, handle, done: async () => { await store.close(); await done(); } };
  };
  const req = (method: string, path: string, body?: unknown) => ({ method, path: path.split('?')[0]!, query: new URLSearchParams(path.split('?')[1] ?? ''), body });

  test(`${name}: create honours client ids, fills defaults, gets by id and name`, async () => {
    const { handle, done } = await setup();
    const id = '6f0c1c52-1111-4e4e-9c9c-000000000001';
    const r = (await handle(WS, req('POST', '/services', { id, name: 'svc', host: 'example.com' })))!;
    assert.equal(r.status, 201);
    const body = r.body as Record<string, unknown>;
    assert.equal(body.id, id);
    assert.equal(body.port, 80);
    assert.equal(body.path, null);
    assert.equal(body.created_at, 1000);
    assert.equal((await handle(WS, req('GET', '/services/svc')))!.status, 200);
    assert.deepEqual((await handle(WS, req('GET', `/services/${id}`)))!.body, body);
    const dup = (await handle(WS, req('POST', '/services', { name: 'svc', host: 'h' })))!;
    assert.equal(dup.status, 409);
    assert.deepEqual(dup.body, { code: 5, name: 'unique constraint violation', message: `UNIQUE violation detected on '{name="svc"}'`, fields: { name: 'svc' } });
    const pk = (await handle(WS, req('POST', '/services', { id, host: 'h' })))!;
    assert.equal(pk.status, 409);
    assert.equal((pk.body as { name: string }).name, 'primary key violation');
    assert.deepEqual((await handle(WS, req('GET', '/services/nope')))!, { status: 404, body: { message: 'Not found' } });
    await done();
  });

  test(`${name}: plugins — schema errors, references, scope uniqueness, nested forms`, async () => {
    const { handle, done } = await setup();
    const svc = (await handle(WS, req('POST', '/services', { name: 's', host: 'h' })))!.body as { id: string };
    const bad = (await handle(WS, req('POST', '/plugins', { name: 'ai-proxy', config: { ...seedConfig, model: { provider: 'hf' } } })))!;
    assert.equal(bad.status, 400);
    assert.equal((bad.body as { code: number }).code, 2);
    assert.match((bad.body as { fields: { config: { model: { provider: string } } } }).fields.config.model.provider, /^expected one of: openai/);
    const missing = (await handle(WS, req('POST', '/plugins', { name: 'ai-proxy', config: seedConfig, route: { id: '6f0c1c52-1111-4e4e-9c9c-0000000000ff' } })))!;
    assert.equal(missing.status, 400);
    assert.equal((missing.body as { name: string }).name, 'foreign key violation');
    const nested = (await handle(WS, req('POST', `/services/${svc.id}/plugins`, { name: 'ai-proxy', config: seedConfig, tags: [] })))!;
    assert.equal(nested.status, 201);
    const plugin = nested.body as { id: string; service: { id: string }; config: { logging: unknown } };
    assert.deepEqual(plugin.service, { id: svc.id });
    assert.deepEqual(plugin.config.logging, { log_statistics: false, log_payloads: false });
    const again = (await handle(WS, req('POST', '/plugins', { name: 'ai-proxy', config: seedConfig, service: { id: svc.id } })))!;
    assert.equal(again.status, 409);
    const list = (await handle(WS, req('GET', `/services/${svc.id}/plugins`)))!.body as { data: unknown[] };
    assert.equal(list.data.length, 1);
    const patched = (await handle(WS, req('PATCH', `/plugins/${plugin.id}`, { config: { model: { name: 'other/model' } } })))!;
    assert.equal(patched.status, 200);
    const pc = (patched.body as { config: { model: { name: string; provider: string }; auth: { header_name: string } } }).config;
    assert.equal(pc.model.name, 'other/model');
    assert.equal(pc.model.provider, 'huggingface');
    assert.equal(pc.auth.header_name, 'Authorization');
    // deleting the service takes its plugin with it
    assert.equal((await handle(WS, req('DELETE', `/services/${svc.id}`)))!.status, 204);
    assert.equal((await handle(WS, req('GET', `/plugins/${plugin.id}`)))!.status, 404);
    assert.equal((await handle(WS, req('DELETE', `/plugins/${plugin.id}`)))!.status, 204);
    await done();
  });

  test(`${name}: PUT upsert keeps created_at, bumps updated_at; routes restrict their service`, async () => {
    const { handle, done } = await setup();
    const id = '6f0c1c52-1111-4e4e-9c9c-000000000002';
    const created = (await handle(WS, req('PUT', `/services/${id}`, { host: 'a', created_at: 5, updated_at: 5 })))!;
    assert.equal(created.status, 200);
    const c = created.body as { created_at: number; updated_at: number };
    assert.ok(c.created_at >= 1000);
    const replaced = (await handle(WS, req('PUT', `/services/${id}`, { host: 'b', name: 'n' })))!.body as Record<string, unknown>;
    assert.equal(replaced.created_at, c.created_at);
    assert.ok((replaced.updated_at as number) > c.updated_at);
    assert.equal(replaced.host, 'b');
    const route = (await handle(WS, req('POST', `/services/${id}/routes`, { paths: ['/x'] })))!;
    assert.equal(route.status, 201);
    const blocked = (await handle(WS, req('DELETE', `/services/${id}`)))!;
    assert.equal(blocked.status, 400);
    assert.deepEqual(blocked.body, {
      code: 4,
      name: 'foreign key violation',
      message: "an existing 'routes' entity references this 'services' entity",
      fields: { '@referenced_by': 'routes' },
    });
    await done();
  });

  test(`${name}: consumers, key-auth credentials, consumer groups and membership`, async () => {
    const { handle, done } = await setup();
    const alice = (await handle(WS, req('POST', '/consumers', { username: 'alice' })))!.body as { id: string };
    const cred = (await handle(WS, req('POST', '/consumers/alice/key-auth', {})))!;
    assert.equal(cred.status, 201);
    assert.match((cred.body as { key: string }).key, /^[0-9a-f]{32}$/);
    const g = (await handle(WS, req('POST', '/consumer_groups', { name: 'gold' })))!.body as { id: string };
    assert.equal((await handle(WS, req('POST', `/consumer_groups/gold/consumers`, { consumer: 'alice' })))!.status, 201);
    const wrapped = (await handle(WS, req('GET', `/consumer_groups/${g.id}`)))!.body as { consumer_group: { name: string }; consumers: { id: string }[] };
    assert.equal(wrapped.consumer_group.name, 'gold');
    assert.deepEqual(wrapped.consumers.map((x) => x.id), [alice.id]);
    const keyAuthPlugin = (await handle(WS, req('POST', '/plugins', { name: 'key-auth', consumer: { id: alice.id } })))!;
    assert.equal(keyAuthPlugin.status, 400);
    assert.equal((await handle(WS, req('DELETE', '/consumers/alice')))!.status, 204);
    assert.equal(((await handle(WS, req('GET', '/key-auths')))!.body as { data: unknown[] }).data.length, 0);
    assert.equal((await handle(WS, req('GET', `/consumer_groups/${g.id}`)))!.body && ((await handle(WS, req('GET', `/consumer_groups/${g.id}`)))!.body as { consumers?: unknown }).consumers, undefined);
    await done();
  });

  test(`${name}: pagination at the boundaries`, async () => {
    const { handle, done } = await setup();
    for (let i = 0; i < 4; i++) (await handle(WS, req('POST', '/consumers', { username: `u${i}` })));
    const exact = (await handle(WS, req('GET', '/consumers?size=4')))!.body as { data: unknown[]; next: unknown; offset?: string };
    assert.equal(exact.data.length, 4);
    assert.equal(exact.next, null);
    assert.equal(exact.offset, undefined);
    const p1 = (await handle(WS, req('GET', '/consumers?size=3'), '/prefix'))!.body as { data: { id: string }[]; next: string; offset: string };
    assert.equal(p1.data.length, 3);
    assert.ok(p1.next.startsWith('/prefix/consumers?size=3&offset='));
    const p2 = (await handle(WS, req('GET', `/consumers?size=3&offset=${p1.offset}`)))!.body as { data: { id: string }[]; next: unknown };
    assert.equal(p2.data.length, 1);
    assert.equal(p2.next, null);
    assert.equal(new Set([...p1.data, ...p2.data].map((x) => x.id)).size, 4);
    assert.equal((await handle(WS, req('GET', '/consumers?size=0')))!.status, 400);
    assert.equal((await handle(WS, req('GET', '/consumers?size=1001')))!.status, 400);
    const badOffset = (await handle(WS, req('GET', '/consumers?offset=%%%')))!;
    assert.equal(badOffset.status, 400);
    assert.equal((badOffset.body as { name: string }).name, 'invalid offset');
    // another workspace sees nothing
    assert.equal(((await handle('other', req('GET', '/consumers')))!.body as { data: unknown[] }).data.length, 0);
    await done();
  });
}

suite('memory', () => ({ store: new MemoryStore(), done: () => {} }));
suite('lmdb', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kong-entities-'));
  return { store: new LmdbStore(dir), done: () => rmSync(dir, { recursive: true, force: true }) };
});

after(stopStartedPostgres);
const pgSkip = postgresSkipReason();
let server: Promise<TestPostgres> | undefined;
let databases = 0;
suite(
  'postgres',
  async () => {
    const srv = await (server ??= startPostgres());
    const database = `conformance_${++databases}`;
    const admin = new pg.Client({ host: srv.host, port: srv.port, user: srv.user, password: srv.password, database: srv.database });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const opts = { host: srv.host, port: srv.port, user: srv.user, password: srv.password, database };
    await migrateUp(opts);
    const store = await PgStore.open(opts);
    return { store, unit: (fn) => store.unit(fn), done: () => {} };
  },
  { skip: pgSkip },
);
