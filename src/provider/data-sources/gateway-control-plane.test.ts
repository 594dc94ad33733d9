// data "konnect_gateway_control_plane" and data "konnect_gateway_control_plane_list" through the
// framework's core emulator (every answer checked as Terraform core checks a data source's)
// against an in-process mock Konnect on an OS-picked port: filters, labels, sort, pagination as
// the official sends it, and errors that name the attribute.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CoreEmulator } from '../../framework/core-checks/index.js';
import type { JsObject } from '../../framework/index.js';
import { DEFAULT_DEV_TOKEN, type MockKonnect } from '../../mock-konnect/index.js';
import { KonnectProvider } from '../provider.js';
import { konnectApi, startMockKonnect } from '../mock-konnect.test-helper.js';

const ONE = 'konnect_gateway_control_plane';
const LIST = 'konnect_gateway_control_plane_list';

let mock: MockKonnect;
let base: string;
let core: CoreEmulator;
const made: Record<string, any> = {};

const api = konnectApi(() => base);

const filter = (f: JsObject): JsObject => ({ filter: { cloud_gateway: null, cluster_type: null, id: null, name: null, ...f } });
const name = (op: Record<string, string>): JsObject => ({ contains: null, eq: null, neq: null, ...op });

before(async () => {
  ({ mock, base } = await startMockKonnect());
  for (const [key, body] of [
    ['alpha', { name: 'ds-alpha', description: 'first', labels: { env: 'prod', team: 'ai' } }],
    ['beta', { name: 'ds-beta', cluster_type: 'CLUSTER_TYPE_K8S_INGRESS_CONTROLLER', labels: { env: 'dev' } }],
    ['gamma', { name: 'ds-gamma', cloud_gateway: true, proxy_urls: [{ host: 'gw.example.com', port: 443, protocol: 'https' }] }],
  ] as const) {
    const r = await api('POST', '/v2/control-planes', body);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    made[key] = r.body;
    await new Promise((res) => setTimeout(res, 5)); // distinct created_at for the sort checks
  }
  const server = new KonnectProvider({ env: {}, retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5 } });
  core = new CoreEmulator(server);
  assert.deepEqual(await core.configure({ server_url: base, personal_access_token: DEFAULT_DEV_TOKEN }), []);
});
after(async () => {
  await mock.close();
});

describe(`data "${ONE}"`, () => {
  test('by name (eq): every computed attribute from the API, the filter kept as configured, one unpaged call', async () => {
    mock.log.clear();
    const { state, diagnostics } = await core.readData(ONE, filter({ name: name({ eq: 'ds-alpha' }) }));
    assert.deepEqual(diagnostics, []);
    const a = made.alpha;
    assert.deepEqual(state, {
      config: {
        auth_type: 'pinned_client_certs',
        cloud_gateway: false,
        cluster_type: 'CLUSTER_TYPE_CONTROL_PLANE',
        control_plane_endpoint: a.config.control_plane_endpoint,
        proxy_urls: [],
        telemetry_endpoint: a.config.telemetry_endpoint,
      },
      description: 'first',
      id: a.id,
      labels: { env: 'prod', team: 'ai' },
      name: 'ds-alpha',
      filter: { cloud_gateway: null, cluster_type: null, id: null, name: { contains: null, eq: 'ds-alpha', neq: null } },
      filter_labels: null,
      sort: null,
    });
    assert.deepEqual(
      mock.log.list().map((r) => `${r.method} ${decodeURIComponent(r.path)}`),
      ['GET /v2/control-planes?filter[name][eq]=ds-alpha'],
      'deepObject keys, set values only, no page parameters (as the official)',
    );
  });

  test('by id, by cloud_gateway, by labels; contains + sort take the first of several; empty labels read as null', async () => {
    const byId = await core.readData(ONE, filter({ id: { eq: made.beta.id, oeq: null } }));
    assert.equal(byId.state?.name, 'ds-beta');
    assert.equal((byId.state?.config as JsObject).cluster_type, 'CLUSTER_TYPE_K8S_INGRESS_CONTROLLER');
    const cloud = await core.readData(ONE, filter({ cloud_gateway: true }));
    assert.equal(cloud.state?.name, 'ds-gamma');
    assert.equal(cloud.state?.labels, null, 'no labels: null, as the official sets labels only when non-empty');
    assert.deepEqual((cloud.state?.config as JsObject).proxy_urls, [{ host: 'gw.example.com', port: 443, protocol: 'https' }]);
    const labelled = await core.readData(ONE, { filter_labels: 'env:dev' });
    assert.equal(labelled.state?.name, 'ds-beta');
    const exists = await core.readData(ONE, { filter_labels: 'team' });
    assert.equal(exists.state?.name, 'ds-alpha');
    const firstCreated = await core.readData(ONE, filter({ name: name({ contains: 'ds-' }) }));
    assert.equal(firstCreated.state?.name, 'ds-alpha');
    const lastCreated = await core.readData(ONE, { ...filter({ name: name({ contains: 'ds-' }) }), sort: 'created_at desc' });
    assert.equal(lastCreated.state?.name, 'ds-gamma');
  });

  test('no match: an error on filter naming what was asked and what to do', async () => {
    const { state, diagnostics } = await core.readData(ONE, filter({ name: name({ eq: 'nope' }) }));
    assert.equal(state, null);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.summary, 'No control plane found');
    assert.equal(diagnostics[0]!.path?.toString(), 'filter');
    assert.match(diagnostics[0]!.detail, /no control plane matching filter\.name\.eq = "nope"/);
    const labels = await core.readData(ONE, { filter_labels: 'env:nowhere' });
    assert.equal(labels.diagnostics[0]!.path?.toString(), 'filter_labels');
  });

  test('Konnect refusing the sort: an error on sort; two operators on one field: refused at validate', async () => {
    const bad = await core.readData(ONE, { sort: 'name' });
    assert.equal(bad.state, null);
    assert.ok(bad.diagnostics.some((d) => d.path?.toString() === 'sort' && /created_at/.test(d.detail)), JSON.stringify(bad.diagnostics));
    const two = await core.validateData(ONE, filter({ name: name({ eq: 'a', contains: 'b' }) }));
    assert.equal(two.length, 1);
    assert.equal(two[0]!.path?.toString(), 'filter', 'on filter (whose line Terraform shows); the text names filter.name');
    assert.match(two[0]!.detail, /^filter\.name sets/);
    assert.match(two[0]!.detail, /contains and eq/);
    assert.deepEqual(await core.validateData(ONE, filter({ name: name({ eq: 'a' }) })), []);
  });
});

describe(`data "${LIST}"`, () => {
  test('a filter: the matching control planes in created_at order; nothing matching: an empty list, no error', async () => {
    const { state, diagnostics } = await core.readData(LIST, filter({ cluster_type: { eq: null, neq: 'CLUSTER_TYPE_K8S_INGRESS_CONTROLLER', oeq: null } }));
    assert.deepEqual(diagnostics, []);
    assert.deepEqual((state?.data as JsObject[]).map((c) => c.name), ['ds-alpha', 'ds-gamma']);
    const oeq = await core.readData(LIST, filter({ id: { eq: null, oeq: `${made.gamma.id},${made.beta.id}` } }));
    assert.deepEqual((oeq.state?.data as JsObject[]).map((c) => c.name), ['ds-beta', 'ds-gamma']);
    const none = await core.readData(LIST, filter({ name: name({ eq: 'nope' }) }));
    assert.deepEqual(none.diagnostics, []);
    assert.deepEqual(none.state?.data, []);
  });

  test('pagination as the official: page[size]=100, page[number]=1,2,3 over 203 control planes, each once', async () => {
    for (let i = 0; i < 200; i++) assert.equal((await api('POST', '/v2/control-planes', { name: `bulk-${String(i).padStart(3, '0')}` })).status, 201);
    mock.log.clear();
    const { state, diagnostics } = await core.readData(LIST, {});
    assert.deepEqual(diagnostics, []);
    const names = (state?.data as JsObject[]).map((c) => c.name as string);
    assert.equal(names.length, 203);
    assert.equal(new Set(names).size, 203, 'no duplicates across pages');
    assert.deepEqual(
      mock.log.list().map((r) => decodeURIComponent(r.path)),
      [1, 2, 3].map((n) => `/v2/control-planes?page[size]=100&page[number]=${n}`),
    );
  });
});
