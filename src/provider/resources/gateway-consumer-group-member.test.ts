// konnect_gateway_consumer_group_member through the framework's core emulator (Terraform's plan
// and apply rules checked on every answer) against an in-process mock Konnect: the official
// create/delete calls, and — beyond the official — a read that notices a membership removed out
// of band, and import with the documented JSON id.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { valueEquals } from '../../cty/index.js';
import { CoreEmulator, CoreViolation } from '../../framework/core-checks/index.js';
import type { JsObject } from '../../framework/index.js';
import { DEFAULT_DEV_TOKEN, type MockKonnect } from '../../mock-konnect/index.js';
import { officialSchema, schemaDifferences } from '../official-schema.test-helper.js';
import { KonnectProvider } from '../provider.js';
import { konnectApi, startMockKonnect } from '../mock-konnect.test-helper.js';

const T = 'konnect_gateway_consumer_group_member';
let mock: MockKonnect;
let base: string;
let core: CoreEmulator;
let cp: string;
let consumer: string;
let group: string;

const api = konnectApi(() => base);
const core_ = (p: string) => `/v2/control-planes/${cp}/core-entities${p}`;
const members = async () => ((await api('GET', core_(`/consumer_groups/${group}/consumers`))).body.data as { id: string }[]).map((c) => c.id);

before(async () => {
  ({ mock, base } = await startMockKonnect());
  cp = (await api('POST', '/v2/control-planes', { name: 'members' })).body.id;
  consumer = (await api('POST', core_('/consumers'), { username: 'alice' })).body.id;
  group = (await api('POST', core_('/consumer_groups'), { name: 'gold' })).body.id;
  const server = new KonnectProvider({ env: {}, retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5 } });
  core = new CoreEmulator(server);
  assert.deepEqual(await core.configure({ server_url: base, personal_access_token: DEFAULT_DEV_TOKEN }), []);
});
after(async () => {
  await mock.close();
});

describe(T, () => {
  const config = (): JsObject => ({ control_plane_id: cp, consumer_group_id: group, consumer_id: consumer });
  const type = () => core.server.state.resources.get(T)!.schema.root.type;

  test('create sends the official POST; refresh keeps it; the plan after it is empty; destroy removes the membership', async () => {
    mock.log.clear();
    const { state, diagnostics } = await core.apply(T, null, core.configValue(T, config()));
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(core.js(T, state), config());
    const post = mock.log.list().find((r) => r.method === 'POST')!;
    assert.equal(post.path, `/v2/control-planes/${cp}/core-entities/consumer_groups/${group}/consumers`);
    assert.deepEqual(post.body, { consumer });
    assert.deepEqual(await members(), [consumer]);
    const refreshed = await core.refresh(T, state);
    assert.deepEqual(refreshed.diagnostics, []);
    const plan = await core.plan(T, refreshed.state, core.configValue(T, config()));
    assert.ok(valueEquals(plan.planned, refreshed.state, type()), 'empty plan');
    const destroyed = await core.applyPlanned(T, state, null, core.configValue(T, config()));
    assert.deepEqual(destroyed.diagnostics, []);
    assert.deepEqual(await members(), []);
    const del = mock.log.list().find((r) => r.method === 'DELETE')!;
    assert.equal(del.path, `/v2/control-planes/${cp}/core-entities/consumer_groups/${group}/consumers/${consumer}`);
  });

  test('drift: a membership removed out of band, or its consumer group deleted, is gone from state (the plan re-creates it)', async () => {
    const { state } = await core.apply(T, null, core.configValue(T, config()));
    assert.equal((await api('DELETE', core_(`/consumer_groups/${group}/consumers/${consumer}`))).status, 204);
    const gone = await core.refresh(T, state);
    assert.deepEqual(gone.diagnostics, []);
    assert.equal(gone.state, null, 'removed from state');
    const recreated = await core.apply(T, null, core.configValue(T, config()));
    assert.deepEqual(recreated.diagnostics, []);
    assert.deepEqual(await members(), [consumer]);
    // The group named by name (the attribute takes a UUID or a name) is matched by name.
    const byName = { ...config(), consumer_group_id: 'gold' };
    assert.notEqual((await core.refresh(T, core.configValue(T, byName))).state, null);
    const other = (await api('POST', core_('/consumer_groups'), { name: 'silver' })).body.id;
    assert.equal((await core.refresh(T, core.configValue(T, { ...config(), consumer_group_id: other }))).state, null, 'a member of gold is not a member of silver');
    assert.equal((await api('DELETE', core_(`/consumer_groups/${other}`))).status, 204);
    assert.equal((await api('DELETE', core_(`/consumers/${consumer}`))).status, 204);
    assert.equal((await core.refresh(T, recreated.state)).state, null, 'the consumer deleted: the membership is gone');
    consumer = (await api('POST', core_('/consumers'), { username: 'alice' })).body.id;
  });

  test('import with the documented JSON id; an id that is not a membership cannot be imported; a wrong id shows the format', async () => {
    await core.apply(T, null, core.configValue(T, config()));
    const id = JSON.stringify({ consumer_group_id: group, consumer_id: consumer, control_plane_id: cp });
    const imported = await core.import(T, id);
    assert.deepEqual(imported.diagnostics, []);
    assert.deepEqual(core.js(T, imported.state), config());
    const plan = await core.plan(T, imported.state, core.configValue(T, config()));
    assert.ok(valueEquals(plan.planned, imported.state, type()), 'empty plan after import');

    const stranger = (await api('POST', core_('/consumers'), { username: 'bob' })).body.id;
    await assert.rejects(core.import(T, JSON.stringify({ consumer_group_id: group, consumer_id: stranger, control_plane_id: cp })), (e: unknown) => e instanceof CoreViolation && /non-existent/.test(e.message));

    for (const [bad, why] of [
      [JSON.stringify({ consumer_group_id: group, control_plane_id: cp }), /The field consumer_id is required/],
      [JSON.stringify({ consumer_group_id: group, consumer_id: consumer, control_plane_id: cp, id: 'x' }), /unknown field "id"/],
      [consumer, /is not valid JSON|is not a JSON object/],
      [JSON.stringify({ consumer_group_id: '', consumer_id: consumer, control_plane_id: cp }), /consumer_group_id of the import ID must be a non-empty string/],
    ] as const) {
      const res = await core.import(T, bad);
      assert.equal(res.diagnostics.length, 1);
      assert.equal(res.diagnostics[0]!.summary, 'Invalid ID');
      assert.match(res.diagnostics[0]!.detail, why);
      assert.match(res.diagnostics[0]!.detail, /terraform import konnect_gateway_consumer_group_member\.example '\{"consumer_group_id": "5ae2a8a4-9a0c-4b0e-8a34-6f4e1c2d3b7a", "consumer_id": "cf4c7e60-11db-49dd-b300-7c7e5f0f7e6b", "control_plane_id": "9524ec7d-36d9-465d-a8c5-83a3c9390458"\}'/);
      assert.match(res.diagnostics[0]!.detail, /id = jsonencode\(\{ consumer_group_id = /);
    }
  });

  test('consumer_id left out: an error on consumer_id at validate; an unknown consumer: Konnect\'s error on consumer_id', async () => {
    const missing = await core.validate(T, { control_plane_id: cp, consumer_group_id: group });
    assert.deepEqual(missing.map((d) => d.path?.toString()), ['consumer_id']);
    assert.deepEqual(await core.validate(T, config()), []);
    const ghost = '0b3a5c1e-1111-4222-8333-944455556666';
    const res = await core.apply(T, null, core.configValue(T, { ...config(), consumer_id: ghost }));
    assert.ok(res.diagnostics.some((d) => d.severity === 'error' && d.path?.toString() === 'consumer_id'), JSON.stringify(res.diagnostics));
  });

  test('every attribute requires replacement: a changed consumer re-creates the membership', async () => {
    const { state } = await core.apply(T, null, core.configValue(T, config()));
    const bob = (await api('POST', core_('/consumers'), { username: 'carol' })).body.id;
    const changed = await core.apply(T, state, core.configValue(T, { ...config(), consumer_id: bob }));
    assert.deepEqual(changed.diagnostics, []);
    assert.equal(changed.replaced, true);
    assert.deepEqual((await members()).sort(), [bob].sort(), 'the old membership deleted, the new one created');
  });
});

test(`${T} matches the official v3.19.0 schema attribute by attribute`, async () => {
  const schema = await new KonnectProvider({ env: {} }).getProviderSchema();
  const ref = officialSchema('resource', T);
  assert.ok(ref);
  assert.deepEqual(schemaDifferences(T, schema.resourceSchemas![T]!, ref), []);
});
