// The control plane, service, route, consumer and consumer group resources through the
// framework's core emulator (Terraform's plan/apply rules checked on every answer) against an
// in-process mock Konnect on an OS-picked port.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics } from '../../common/index.js';
import { isUnknown, valueEquals, type CtyValue } from '../../cty/index.js';
import { CoreEmulator } from '../../framework/core-checks/index.js';
import type { JsObject } from '../../framework/index.js';
import { decodeDynamic } from '../../framework/server/codec.js';
import { DEFAULT_DEV_TOKEN, type MockKonnect } from '../../mock-konnect/index.js';
import { KonnectProvider } from '../provider.js';
import { konnectApi, startMockKonnect } from '../mock-konnect.test-helper.js';

let mock: MockKonnect;
let base: string;

before(async () => {
  ({ mock, base } = await startMockKonnect());
});
after(async () => {
  await mock.close();
});

const api = konnectApi(() => base);

async function setup(token = DEFAULT_DEV_TOKEN) {
  const server = new KonnectProvider({ env: {}, retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5 } });
  const core = new CoreEmulator(server);
  assert.deepEqual(await core.configure({ server_url: base, personal_access_token: token }), []);
  const typeOf = (t: string) => server.state.resources.get(t)!.schema.root.type;
  /** The plan after a refresh, asserting it is empty (what `terraform plan -detailed-exitcode` exit 0 means). */
  const assertEmptyPlan = async (t: string, state: CtyValue, config: JsObject) => {
    const refreshed = await core.refresh(t, state);
    assert.deepEqual(refreshed.diagnostics, []);
    const plan = await core.plan(t, refreshed.state, core.configValue(t, config));
    assert.deepEqual(plan.diagnostics, []);
    assert.deepEqual(plan.requiresReplace, []);
    assert.ok(valueEquals(plan.planned, refreshed.state, typeOf(t)), `${t}: the plan after refresh is empty\nplanned: ${JSON.stringify(core.js(t, plan.planned))}\nstate:   ${JSON.stringify(core.js(t, refreshed.state))}`);
    return refreshed.state;
  };
  return { core, assertEmptyPlan };
}

const CP = 'konnect_gateway_control_plane';

describe('konnect_gateway_control_plane', () => {
  test('create → empty plan → in-place update (labels removed, description) → replace on cluster_type → import without replacement → gone → destroy', async () => {
    const { core, assertEmptyPlan } = await setup();
    const cfg: JsObject = {
      name: 'tf-cp-1',
      description: 'first',
      cluster_type: 'CLUSTER_TYPE_CONTROL_PLANE',
      auth_type: 'pinned_client_certs',
      proxy_urls: [{ host: 'example.com', port: 443, protocol: 'https' }],
      labels: { env: 'test', team: 'ai' },
    };
    const a = await core.apply(CP, null, core.configValue(CP, cfg));
    assert.deepEqual(a.diagnostics, []);
    const s = core.js(CP, a.state)!;
    const id = s.id as string;
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.equal((s.config as JsObject).cluster_type, 'CLUSTER_TYPE_CONTROL_PLANE');
    let state = await assertEmptyPlan(CP, a.state, cfg);

    const cfg2 = { ...cfg, description: 'second', labels: { env: 'prod' } };
    const b = await core.apply(CP, state, core.configValue(CP, cfg2));
    assert.equal(b.replaced, false);
    assert.equal(core.js(CP, b.plan.planned)!.id, id, 'the id is kept in the plan');
    const remote = (await api('GET', `/v2/control-planes/${id}`)).body;
    assert.equal(remote.description, 'second');
    assert.deepEqual(remote.labels, { env: 'prod' }, 'the removed label is deleted on the server');
    state = await assertEmptyPlan(CP, b.state, cfg2);

    const cfg3 = { ...cfg2, cluster_type: 'CLUSTER_TYPE_K8S_INGRESS_CONTROLLER' };
    const c = await core.apply(CP, state, core.configValue(CP, cfg3));
    assert.equal(c.replaced, true);
    assert.deepEqual(c.plan.requiresReplace.map(String), ['cluster_type']);
    const newId = core.js(CP, c.state)!.id as string;
    assert.notEqual(newId, id);
    assert.equal((await api('GET', `/v2/control-planes/${id}`)).status, 404, 'the old control plane was deleted');

    // Import: the official provider would now plan a replacement (cluster_type never read back).
    const imp = await core.import(CP, newId);
    assert.deepEqual(imp.diagnostics, []);
    const plan = await core.plan(CP, imp.state, core.configValue(CP, cfg3));
    assert.deepEqual(plan.requiresReplace, [], 'import does not force a replacement');
    assert.ok(valueEquals(plan.planned, imp.state, core.server.state.resources.get(CP)!.schema.root.type), `the plan after import is empty\n${JSON.stringify(core.js(CP, plan.planned))}\n${JSON.stringify(core.js(CP, imp.state))}`);

    assert.equal((await api('DELETE', `/v2/control-planes/${newId}`)).status, 204);
    const gone = await core.refresh(CP, c.state);
    assert.equal(gone.state, null, 'deleted behind Terraform\'s back → removed from state (a re-create is planned)');
    const destroyed = await core.applyPlanned(CP, c.state, null, core.configValue(CP, cfg3));
    assert.deepEqual(destroyed.diagnostics, [], 'destroying an already-deleted control plane succeeds');
  });

  test('minimal config: unset inputs stay null after refresh and import; labels and description as Konnect fills them', async () => {
    const { core, assertEmptyPlan } = await setup();
    const cfg = { name: 'tf-cp-min' };
    const a = await core.apply(CP, null, core.configValue(CP, cfg));
    const s = core.js(CP, a.state)!;
    assert.equal(s.labels, null);
    assert.equal(s.description, '');
    assert.equal(s.cluster_type, null);
    await assertEmptyPlan(CP, a.state, cfg);
    const imp = await core.import(CP, s.id as string);
    const js = core.js(CP, imp.state)!;
    assert.equal(js.cluster_type, 'CLUSTER_TYPE_CONTROL_PLANE', 'import maps cluster_type back from config.cluster_type');
    const plan = await core.plan(CP, imp.state, core.configValue(CP, cfg));
    assert.deepEqual(plan.requiresReplace, [], 'an unset cluster_type never forces replacement');
  });

  test('import ids: a JSON object or anything but a UUID is refused with the expected format', async () => {
    const { core } = await setup();
    const r = await core.import(CP, '{"control_plane_id": "x", "id": "y"}');
    assert.equal(r.diagnostics[0]?.severity, 'error');
    assert.match(r.diagnostics[0]!.detail, /is the control plane's UUID, e\.g\. "7f9fd312-/);
  });

  test('a wrong token: the error says Konnect rejected the token and where it came from', async () => {
    const { core } = await setup('kpat_wrong_token_not_a_secret');
    const a = await core.apply(CP, null, core.configValue(CP, { name: 'x-cp' }));
    const d = a.diagnostics.find((x) => x.severity === 'error');
    assert.ok(d);
    assert.match(d.detail, /Konnect rejected the token \(personal_access_token \/ KONNECT_TOKEN\)/);
    assert.ok(!d.detail.includes('kpat_wrong'), 'the token is never echoed');
  });
});

test('an unreachable Konnect: the error names the URL and the network error, and says what to check', async () => {
  const server = new KonnectProvider({ env: {}, retry: { maxAttempts: 1, initialDelayMs: 1, maxDelayMs: 1 } });
  const core = new CoreEmulator(server);
  assert.deepEqual(await core.configure({ server_url: 'http://127.0.0.1:1', personal_access_token: DEFAULT_DEV_TOKEN }), []);
  const a = await core.apply(CP, null, core.configValue(CP, { name: 'unreachable' }));
  const d = a.diagnostics.find((x) => x.severity === 'error');
  assert.ok(d);
  assert.match(d.summary, /Konnect is unreachable/);
  assert.match(d.detail, /127\.0\.0\.1:1/);
  assert.match(d.detail, /ECONNREFUSED|refused/i);
  assert.match(d.detail, /server_url \/ KONNECT_SERVER_URL/);
});

test('a control plane name that exists with another configuration: "Already exists" with the import block; state written by the official provider is read as is', async () => {
  const { core, assertEmptyPlan } = await setup();
  const a = await core.apply(CP, null, core.configValue(CP, { name: 'tf-dup' }));
  assert.deepEqual(a.diagnostics, []);
  const dup = await core.apply(CP, null, core.configValue(CP, { name: 'tf-dup', description: 'another' }));
  const d = dup.diagnostics.find((x) => x.severity === 'error');
  assert.ok(d);
  assert.equal(dup.diagnostics.length, 1);
  assert.match(d.summary, /Already exists in Konnect \(create konnect_gateway_control_plane\)/);
  assert.match(d.detail, new RegExp(`import \\{\\n  to = konnect_gateway_control_plane\\.example .*\\n  id = "${core.js(CP, a.state)!.id}"\\n\\}`));

  // A drop-in: state JSON as kong/konnect v3.19.0 wrote it (schema version 0, same attributes).
  const id = core.js(CP, a.state)!.id as string;
  const remote = (await api('GET', `/v2/control-planes/${id}`)).body;
  const official = {
    auth_type: null, cloud_gateway: null, cluster_type: null, description: '', id, labels: null, name: 'tf-dup', proxy_urls: null,
    config: { ...remote.config },
  };
  const up = await core.server.upgradeResourceState({ typeName: CP, version: 0, rawState: { json: Buffer.from(JSON.stringify(official)) } });
  assert.deepEqual([...(up.diagnostics ?? [])], []);
  const upgraded = decodeDynamic(up.upgradedState!, core.server.state.resources.get(CP)!.schema.root.type, 'upgraded', new Diagnostics());
  await assertEmptyPlan(CP, upgraded!, { name: 'tf-dup' });
});

describe('core entities', () => {
  let cp: string;
  before(async () => {
    cp = (await api('POST', '/v2/control-planes', { name: 'tf-entities' })).body.id;
  });

  const cases: { type: string; collection: string; create: (cp: string, extra: JsObject) => JsObject; change: JsObject; expectRemote: (o: any) => void }[] = [
    {
      type: 'konnect_gateway_service',
      collection: 'services',
      create: (cp, x) => ({ control_plane_id: cp, name: 'hf', host: 'api-inference.huggingface.co', protocol: 'https', port: 443, path: '/', ...x }),
      change: { read_timeout: 120000, tags: ['ai'] },
      expectRemote: (o) => {
        assert.equal(o.read_timeout, 120000);
        assert.deepEqual(o.tags, ['ai']);
        assert.equal(o.retries, 5, 'the table default was sent');
      },
    },
    {
      type: 'konnect_gateway_route',
      collection: 'routes',
      create: (cp, x) => ({ control_plane_id: cp, name: 'hf-route', paths: ['/hf'], methods: ['POST'], ...x }),
      change: { strip_path: false, headers: { 'x-model': ['smol'] } },
      expectRemote: (o) => {
        assert.equal(o.strip_path, false);
        assert.deepEqual(o.headers, { 'x-model': ['smol'] });
      },
    },
    {
      type: 'konnect_gateway_consumer',
      collection: 'consumers',
      create: (cp, x) => ({ control_plane_id: cp, username: 'alice', custom_id: 'alice-1', ...x }),
      change: { custom_id: 'alice-2' },
      expectRemote: (o) => assert.equal(o.custom_id, 'alice-2'),
    },
    {
      type: 'konnect_gateway_consumer_group',
      collection: 'consumer_groups',
      create: (cp, x) => ({ control_plane_id: cp, name: 'gold', ...x }),
      change: { tags: ['tier'] },
      expectRemote: (o) => assert.deepEqual((o.consumer_group ?? o).tags, ['tier']),
    },
  ];

  for (const c of cases) {
    test(`${c.type}: create → empty plan → in-place update → import (JSON id) → empty plan → gone → destroy`, async () => {
      const { core, assertEmptyPlan } = await setup();
      const T = c.type;
      const cfg = c.create(cp, {});
      const a = await core.apply(T, null, core.configValue(T, cfg));
      assert.deepEqual(a.diagnostics, []);
      const s = core.js(T, a.state)!;
      const id = s.id as string;
      assert.match(id, /^[0-9a-f-]{36}$/);
      assert.equal(typeof s.created_at, 'number');
      let state = await assertEmptyPlan(T, a.state, cfg);

      const cfg2 = { ...cfg, ...c.change };
      const b = await core.apply(T, state, core.configValue(T, cfg2));
      assert.deepEqual(b.diagnostics, []);
      assert.equal(b.replaced, false, 'an in-place update');
      const planned = core.js(T, b.plan.planned)!;
      assert.equal(planned.id, id);
      assert.equal(planned.created_at, s.created_at, 'created_at is kept in the plan');
      assert.ok(isUnknown(planned.updated_at));
      c.expectRemote((await api('GET', `/v2/control-planes/${cp}/core-entities/${c.collection}/${id}`)).body);
      state = await assertEmptyPlan(T, b.state, cfg2);

      const imp = await core.import(T, JSON.stringify({ control_plane_id: cp, id }));
      assert.deepEqual(imp.diagnostics, []);
      await assertEmptyPlan(T, imp.state, cfg2);

      const bad = await core.import(T, JSON.stringify({ control_plane_id: cp, [`${c.collection.replace(/s$/, '')}_id`]: id }));
      assert.equal(bad.diagnostics[0]?.summary, 'Invalid ID');
      assert.match(bad.diagnostics[0]!.detail, /\{"control_plane_id": "9524ec7d-36d9-465d-a8c5-83a3c9390458", "id": "[^"]+"\}/);
      const bare = await core.import(T, id);
      assert.match(bare.diagnostics[0]!.detail, /bare UUID/);

      assert.equal((await api('DELETE', `/v2/control-planes/${cp}/core-entities/${c.collection}/${id}`)).status, 204);
      assert.equal((await core.refresh(T, state)).state, null, 'gone → removed from state');
      const d = await core.applyPlanned(T, state, null, core.configValue(T, cfg2));
      assert.deepEqual(d.diagnostics, []);
    });
  }

  test('konnect_gateway_service: changing control_plane_id replaces; a value Konnect rejects is an attribute diagnostic', async () => {
    const { core } = await setup();
    const T = 'konnect_gateway_service';
    const other = (await api('POST', '/v2/control-planes', { name: 'tf-other' })).body.id;
    const a = await core.apply(T, null, core.configValue(T, { control_plane_id: cp, host: 'a.example' }));
    const b = await core.apply(T, a.state, core.configValue(T, { control_plane_id: other, host: 'a.example' }));
    assert.equal(b.replaced, true);
    assert.deepEqual(b.plan.requiresReplace.map(String), ['control_plane_id']);
    const bad = await core.apply(T, null, core.configValue(T, { control_plane_id: cp, host: 'b.example', path: 'no-slash' }));
    const d = bad.diagnostics.find((x) => x.severity === 'error');
    assert.ok(d, 'Konnect refused the path');
    assert.equal(String(d.path), 'path');
    await core.applyPlanned(T, b.state, null, core.configValue(T, { control_plane_id: other, host: 'a.example' }));
  });
});
