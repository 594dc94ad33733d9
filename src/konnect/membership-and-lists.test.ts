// Paths of the membership and control-plane list calls that the mock Konnect never takes: an
// `offset` in the consumer's groups, a repeated offset, a page repeated by a server that ignores
// page[number], and the exact requests each sends.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { KonnectClient } from './client.js';
import { allControlPlanes, firstControlPlanes } from './control-plane-list.js';
import { consumerGroupMembersApi } from './consumer-group-members.js';
import { KonnectError } from './errors.js';
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
});

test('membership: add and remove send the official requests; the consumer groups are read across offsets; a 404 consumer is null', async () => {
  const api = consumerGroupMembersApi(client);
  srv.seen.length = 0;
  srv.handle((r, res) => (r.method === 'POST' ? json(res, 201, {}) : res.writeHead(404).end()));
  await api.add(CP, 'gold', 'c1');
  assert.equal(await api.remove(CP, 'gold', 'c 1'), false, 'a 404 on delete is fine, and says so');
  assert.deepEqual(
    srv.seen.map((r) => [r.method, r.url, r.body, r.headers.accept]),
    [
      ['POST', `/v2/control-planes/${CP}/core-entities/consumer_groups/gold/consumers`, '{"consumer":"c1"}', '*/*'],
      ['DELETE', `/v2/control-planes/${CP}/core-entities/consumer_groups/gold/consumers/c%201`, '', '*/*'],
    ],
  );
  srv.seen.length = 0;
  srv.handle((r, res) =>
    r.url.includes('offset=p2') ? json(res, 200, { data: [{ id: 'g2', name: 'silver' }], next: null }) : json(res, 200, { data: [{ id: 'g1', name: 'gold' }], next: '/x', offset: 'p2' }),
  );
  assert.deepEqual(await api.groupsOf(CP, 'c1'), [{ id: 'g1', name: 'gold' }, { id: 'g2', name: 'silver' }]);
  assert.deepEqual(srv.seen.map((r) => r.url), [`/v2/control-planes/${CP}/core-entities/consumers/c1/consumer_groups`, `/v2/control-planes/${CP}/core-entities/consumers/c1/consumer_groups?offset=p2`]);
  srv.handle((_r, res) => json(res, 200, { data: [], offset: 'same' }));
  await assert.rejects(api.groupsOf(CP, 'c1'), (e: unknown) => KonnectError.is(e) && /offset repeated/.test(e.message));
  srv.handle((_r, res) => json(res, 404, { message: 'Not found' }));
  assert.equal(await api.groupsOf(CP, 'gone'), null);
});

test('control planes: the singular read is one unpaged call; the list pages by 100 and refuses a repeated page', async () => {
  srv.seen.length = 0;
  srv.handle((_r, res) => json(res, 200, { meta: { page: { number: 1, size: 100, total: 0 } }, data: [] }));
  await firstControlPlanes(client, { filter: { name: { eq: 'a b' }, cloud_gateway: false }, labels: 'env:prod', sort: 'created_at desc' });
  assert.deepEqual(srv.seen.map((r) => decodeURIComponent(r.url).replace(/\+/g, ' ')), ['/v2/control-planes?filter[cloud_gateway]=false&filter[name][eq]=a b&labels=env:prod&sort=created_at desc']);
  const page = (n: number, from: number) => Array.from({ length: n }, (_, i) => ({ id: `cp${from + i}`, name: `n${from + i}` }));
  srv.handle((r, res) => {
    const number = Number(new URL(r.url, 'http://x').searchParams.get('page[number]'));
    json(res, 200, { meta: { page: { number, size: 100, total: 200 } }, data: number <= 2 ? page(100, (number - 1) * 100) : [] });
  });
  srv.seen.length = 0;
  assert.equal((await allControlPlanes(client, {})).length, 200);
  assert.equal(srv.seen.length, 3, 'two full pages, then the empty third ends the list');
  srv.handle((_r, res) => json(res, 200, { data: page(100, 0) }));
  await assert.rejects(allControlPlanes(client, {}), (e: unknown) => KonnectError.is(e) && /page 2 repeats the previous page/.test(e.message));
});
