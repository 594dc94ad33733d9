import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEED, fill, runCurl } from '../../../../acceptance-tests/gateway/seed.js';
import { killStartedProcesses, startProcess } from '../../../testing/processes.js';
import type { ConfigSnapshot } from '../../config/snapshot.js';
import { compilePluginIndex } from '../../plugins/precedence.js';
import { AdminApiSource, parseListen } from './index.js';

after(killStartedProcesses);

const TOKEN = 'hf_admin_api_test_token';

async function started() {
  const snapshots: ConfigSnapshot[] = [];
  const source = new AdminApiSource({ listen: '127.0.0.1:0', inMemory: true, announce: () => {} });
  const first = await source.start({ onSnapshot: (s) => snapshots.push(s), onError: (e) => assert.fail(e) });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${source.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  return { source, first, snapshots, call };
}

test('the seed\'s five Admin API curl commands work unchanged, and each write is in force at once', async () => {
  const { source, first, snapshots, call } = await started();
  try {
    assert.equal(first.plugins.length, 0);
    const svc = await call('POST', '/services', { name: 'hf-service', url: 'http://localhost:8080' });
    assert.equal(svc.status, 201);
    assert.equal(svc.body!['port'], 8080);
    const route = await call('POST', '/services/hf-service/routes', { name: 'hf-route', paths: ['/hf'] });
    assert.equal(route.status, 201);
    assert.equal(route.body!['strip_path'], true, 'defaults are filled');
    assert.equal((await call('POST', '/consumers', { username: 'alice' })).status, 201);
    assert.equal((await call('POST', '/consumers/alice/key-auth', { key: 'alice-key' })).status, 201);
    assert.equal((await call('POST', '/consumer_groups', { name: 'gold' })).status, 201);
    assert.equal((await call('POST', '/consumer_groups/gold/consumers', { consumer: 'alice' })).status, 201);

    const values = { $HUGGINGFACE_TOKEN: TOKEN, 'serviceName|Id': 'hf-service', 'routeName|Id': 'hf-route', 'consumerName|Id': 'alice', 'consumerGroupName|Id': 'gold' };
    for (const s of SEED) {
      const res = await runCurl(s.admin, values, { from: /^http:\/\/localhost:8001/, to: source.url! });
      assert.equal(res.status, 201, `${s.scope}: ${JSON.stringify(res.body)}`);
      const body = res.body as { config: { auth: { header_value: string }; response_streaming: string }; protocols: string[] };
      assert.equal(body.config.auth.header_value, `Bearer ${TOKEN}`);
      assert.equal(body.config.response_streaming, 'allow', 'config defaults are filled');
    }
    const last = snapshots.at(-1)!;
    assert.equal(last.plugins.length, 5);
    assert.equal(last.keyAuthCredentials.length, 1);
    assert.equal(last.consumerGroupMembers.length, 1);
    assert.ok(snapshots.every((s, i) => i === 0 || s.revision > snapshots[i - 1]!.revision));

    // The five instances resolve by Kong's precedence: alice (in gold) on hf-route gets the consumer one.
    const r = last.routes[0]!;
    const idx = compilePluginIndex(last);
    const alice = last.consumers[0]!.id;
    const gold = last.consumerGroups[0]!.id;
    assert.equal(idx.resolve('ai-proxy', { routeId: r.id, serviceId: r.service!.id, consumerId: alice, consumerGroupIds: [gold] })?.scope, 'consumer');
    assert.equal(idx.resolve('ai-proxy', { routeId: r.id, serviceId: r.service!.id, consumerId: null, consumerGroupIds: [] })?.scope, 'route');

    // DELETE takes effect at once too.
    const routePlugin = last.plugins.find((p) => p.route)!;
    assert.equal((await call('DELETE', `/plugins/${routePlugin.id}`)).status, 204);
    assert.equal(snapshots.at(-1)!.plugins.length, 4);
  } finally {
    await source.stop();
  }
});

test('Admin API errors use Kong\'s bodies', async () => {
  const { source, call } = await started();
  try {
    const plugin = { name: 'ai-proxy', config: { route_type: 'llm/v1/chat', model: { provider: 'huggingface' } } };
    const unknownField = await call('POST', '/plugins', { ...plugin, foo: 'bar' });
    assert.equal(unknownField.status, 400);
    assert.deepEqual(unknownField.body, { code: 2, name: 'schema violation', message: 'schema violation (foo: unknown field)', fields: { foo: 'unknown field' } });

    const badEnum = await call('POST', '/plugins', { ...plugin, config: { ...plugin.config, response_streaming: 'sometimes' } });
    assert.equal(badEnum.status, 400);
    assert.deepEqual(badEnum.body!['fields'], { config: { response_streaming: 'expected one of: allow, deny, always' } });

    const missing = await call('POST', '/plugins', { name: 'ai-proxy', config: { model: { provider: 'huggingface' } } });
    assert.equal(missing.status, 400);
    assert.equal(missing.body!['message'], 'schema violation (config.route_type: required field missing)');

    const unknownParent = await call('POST', '/services/nope/plugins', plugin);
    assert.deepEqual([unknownParent.status, unknownParent.body], [404, { message: 'Not found' }]);

    const danglingRef = await call('POST', '/routes', { name: 'r', paths: ['/x'], service: { id: '5f3f4b1e-0000-4000-8000-000000000009' } });
    assert.equal(danglingRef.status, 400);
    assert.equal(danglingRef.body!['code'], 4);
    assert.equal(danglingRef.body!['name'], 'foreign key violation');

    assert.equal((await call('POST', '/services', { name: 'dup', url: 'http://x' })).status, 201);
    const dup = await call('POST', '/services', { name: 'dup', url: 'http://y' });
    assert.equal(dup.status, 409);
    assert.equal(dup.body!['code'], 5);
    assert.equal(dup.body!['name'], 'unique constraint violation');
    assert.deepEqual(dup.body!['fields'], { name: 'dup' });

    const badJson = await call('POST', '/services', '{not json');
    assert.deepEqual([badJson.status, badJson.body], [400, { message: 'Cannot parse JSON body' }]);
    assert.equal((await call('GET', '/nothing-here')).status, 404);
  } finally {
    await source.stop();
  }
});

test('lists page with Kong\'s size/offset/next', async () => {
  const { source, call } = await started();
  try {
    for (let i = 0; i < 5; i++) assert.equal((await call('POST', '/consumers', { username: `u${i}` })).status, 201);
    const seen: string[] = [];
    let path: string | null = '/consumers?size=2';
    let pages = 0;
    while (path) {
      const page = await call('GET', path);
      assert.equal(page.status, 200);
      const data = page.body!['data'] as { username: string }[];
      assert.ok(data.length <= 2);
      seen.push(...data.map((c) => c.username));
      path = page.body!['next'] as string | null;
      if (path) assert.equal(typeof page.body!['offset'], 'string');
      else assert.equal('offset' in page.body!, false);
      pages++;
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen.sort(), ['u0', 'u1', 'u2', 'u3', 'u4']);
    const bad = await call('GET', '/consumers?size=0');
    assert.equal(bad.status, 400);
  } finally {
    await source.stop();
  }
});

test('--admin-listen values parse, and mistakes name the flag', () => {
  assert.deepEqual(parseListen('127.0.0.1:8001'), { host: '127.0.0.1', port: 8001 });
  assert.deepEqual(parseListen(':0'), { host: '127.0.0.1', port: 0 });
  assert.match((parseListen('localhost') as { error: string }).error, /--admin-listen must be HOST:PORT/);
});

test('durability: an acknowledged write survives kill -9 and a restart', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'admin-api-'));
  const child = fileURLToPath(new URL('./durability-child.test-helper.ts', import.meta.url));
  try {
    const start = async () => {
      const p = startProcess(process.execPath, ['--import', 'tsx', child, dir]);
      const line = await p.waitForLine(/admin-api listening on http:\/\/\S+/, 30_000);
      return { p, url: line.match(/http:\/\/\S+/)![0] };
    };
    const one = await start();
    const created = await fetch(`${one.url}/services`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'kept', url: 'http://upstream:9000/v1' }) });
    assert.equal(created.status, 201);
    const id = ((await created.json()) as { id: string }).id;
    await one.p.kill('SIGKILL');
    const two = await start();
    const got = await fetch(`${two.url}/services/kept`);
    assert.equal(got.status, 200);
    const body = (await got.json()) as { id: string; port: number; path: string };
    assert.deepEqual([body.id, body.port, body.path], [id, 9000, '/v1']);
    await two.p.kill('SIGKILL');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
