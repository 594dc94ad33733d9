import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  closeSharedDispatchers,
  consumerGroupsApi,
  consumersApi,
  controlPlanesApi,
  KonnectClient,
  KonnectError,
  listAll,
  pluginsApi,
  resolveCredentials,
  describeTokenSource,
  authorizationHeader,
  routesApi,
  scopeBody,
  servicesApi,
} from './index.js';
import { json, startScriptedServer, type ScriptedServer } from './scripted-server.test-helper.js';

let srv: ScriptedServer;
let client: KonnectClient;
const CP = '9524ec7d-36d9-465d-a8c5-83a3c9390458';

before(async () => {
  srv = await startScriptedServer();
  client = new KonnectClient({ serverUrl: `${srv.url}/`, retry: { maxAttempts: 1 } });
});
after(async () => {
  await srv.close();
  await closeSharedDispatchers();
});

test('core entities: POST 201 / GET 200 / PUT 200 / DELETE 204|404 at the exact paths', async () => {
  const apis = [
    ['services', servicesApi(client)],
    ['routes', routesApi(client)],
    ['consumers', consumersApi(client)],
    ['plugins', pluginsApi(client)],
  ] as const;
  for (const [kind, api] of apis) {
    srv.seen.length = 0;
    srv.handle((req, res) => {
      if (req.method === 'POST') return json(res, 201, { id: 'e1', ...JSON.parse(req.body) });
      if (req.method === 'GET') return json(res, 200, { id: 'e1' });
      if (req.method === 'PUT') return json(res, 200, { id: 'e1', ...JSON.parse(req.body) });
      res.writeHead(req.url.endsWith('/gone') ? 404 : 204).end();
    });
    const created = await api.create(CP, { name: 'n' } as never);
    assert.equal((created as { id: string }).id, 'e1');
    await api.get(CP, 'e1');
    await api.update(CP, 'e1', { name: 'm' } as never);
    assert.equal(await api.delete(CP, 'e1'), true);
    assert.equal(await api.delete(CP, 'gone'), false, 'a 404 on delete means already gone');
    const base = `/v2/control-planes/${CP}/core-entities/${kind}`;
    assert.deepEqual(
      srv.seen.map((r) => `${r.method} ${r.url}`),
      [`POST ${base}`, `GET ${base}/e1`, `PUT ${base}/e1`, `DELETE ${base}/e1`, `DELETE ${base}/gone`],
    );
    assert.deepEqual(JSON.parse(srv.seen[2]!.body), { name: 'm' });
  }
});

test('GET 404 is a NOT_FOUND error (resources map it to "removed from state"); 200 on create is not success', async () => {
  srv.handle((_req, res) => json(res, 404, { code: 5, message: 'not found' }));
  await assert.rejects(servicesApi(client).get(CP, 'nope'), (e: unknown) => KonnectError.is(e) && e.code === 'KONNECT_ERR_NOT_FOUND' && e.status === 404);
  srv.handle((_req, res) => json(res, 200, { id: 'x' }));
  await assert.rejects(servicesApi(client).create(CP, { host: 'h' }), (e: unknown) => KonnectError.is(e) && e.code === 'KONNECT_ERR_BAD_RESPONSE');
});

test('consumer groups: GET unwraps {"consumer_group": …}; a bare object is a bad response', async () => {
  srv.handle((_req, res) => json(res, 200, { consumer_group: { id: 'g1', name: 'gold', tags: null }, consumers: [] }));
  const g = await consumerGroupsApi(client).get(CP, 'g1');
  assert.equal(g.name, 'gold');
  srv.handle((_req, res) => json(res, 200, { id: 'g1', name: 'gold' }));
  await assert.rejects(consumerGroupsApi(client).get(CP, 'g1'), (e: unknown) => KonnectError.is(e) && e.code === 'KONNECT_ERR_BAD_RESPONSE');
});

test('control planes: POST / GET / PATCH / DELETE with problem+json accepted', async () => {
  srv.seen.length = 0;
  const cp = { id: CP, name: 'cp', description: '', labels: {}, config: {}, created_at: 'now', updated_at: 'now' };
  srv.handle((req, res) => {
    if (req.method === 'POST') return json(res, 201, cp);
    if (req.method === 'DELETE') return void res.writeHead(204).end();
    json(res, 200, cp);
  });
  const api = controlPlanesApi(client);
  await api.create({ name: 'cp' });
  await api.get(CP);
  await api.update(CP, { description: 'd' });
  assert.equal(await api.delete(CP), true);
  assert.deepEqual(
    srv.seen.map((r) => `${r.method} ${r.url}`),
    ['POST /v2/control-planes', `GET /v2/control-planes/${CP}`, `PATCH /v2/control-planes/${CP}`, `DELETE /v2/control-planes/${CP}`],
  );
  assert.match(String(srv.seen[1]!.headers.accept), /application\/problem\+json/);
});

test('listAll follows core-entity offsets; control planes page by number', async () => {
  const pages: Record<string, { data: unknown[]; offset: string | null }> = {
    '': { data: [{ id: 'a' }, { id: 'b' }], offset: 'o1' },
    o1: { data: [{ id: 'c' }], offset: 'o2' },
    o2: { data: [{ id: 'd' }], offset: null },
  };
  srv.seen.length = 0;
  srv.handle((req, res) => {
    const u = new URL(req.url, 'http://x');
    json(res, 200, pages[u.searchParams.get('offset') ?? '']);
  });
  const all = await listAll<{ id: string }>(client, CP, 'plugins', { pageSize: 2 });
  assert.deepEqual(all.map((p) => p.id), ['a', 'b', 'c', 'd']);
  assert.equal(srv.seen.length, 3);
  assert.equal(new URL(srv.seen[0]!.url, 'http://x').searchParams.get('size'), '2');

  srv.handle((req, res) => {
    const n = Number(new URL(req.url, 'http://x').searchParams.get('page[number]'));
    const data = n === 1 ? [{ id: '1' }, { id: '2' }] : n === 2 ? [{ id: '3' }] : [];
    json(res, 200, { meta: { page: { number: n, size: 2, total: 3 } }, data });
  });
  const cps = await controlPlanesApi(client).listAll({ pageSize: 2 });
  assert.deepEqual(cps.map((c) => c.id), ['1', '2', '3']);
});

test('plugin scoping objects are {"id"} or explicit null', () => {
  assert.deepEqual(scopeBody({ service: { id: 's' } }), { service: { id: 's' }, route: null, consumer: null, consumer_group: null });
});

test('token precedence: first set of PAT, SPAT, konnect, service; env only for null attributes', () => {
  const env = { KONNECT_TOKEN: 'env-pat', KONNECT_SPAT: 'env-spat' };
  assert.deepEqual(resolveCredentials({}, env), { token: 'env-pat', source: 'personal_access_token', fromEnv: 'KONNECT_TOKEN' });
  assert.deepEqual(resolveCredentials({ personal_access_token: 'p' }, env), { token: 'p', source: 'personal_access_token' });
  assert.deepEqual(resolveCredentials({ personal_access_token: '' }, env), { token: '', source: 'personal_access_token' }, 'empty string counts as set');
  assert.deepEqual(resolveCredentials({ konnect_access_token: 'k', service_access_token: 's' }, {}), { token: 'k', source: 'konnect_access_token' });
  assert.deepEqual(resolveCredentials({ service_access_token: 's' }, { KONNECT_SPAT: 'e' }), { token: 'e', source: 'system_account_access_token', fromEnv: 'KONNECT_SPAT' });
  assert.equal(resolveCredentials({}, {}), undefined);
  assert.equal(describeTokenSource(resolveCredentials({}, env)), 'personal_access_token / KONNECT_TOKEN');
  assert.equal(authorizationHeader('abc'), 'Bearer abc');
  assert.equal(authorizationHeader('bearer abc'), 'bearer abc');
});
