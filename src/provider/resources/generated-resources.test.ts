// The resources built from generated tables (key-auth credential and plugins), table-driven,
// through the framework's core emulator (Terraform's plan/apply rules checked on every answer)
// against an in-process mock Konnect: create → refresh → empty plan → in-place update (or the
// official replacement for the credential) → import with the official id → empty plan →
// deleted behind our back (removed from state) → destroy leaves nothing; secrets sent, never
// stored when given write-only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { valueEquals } from '../../cty/index.js';
import { CoreEmulator } from '../../framework/core-checks/index.js';
import { FrameworkServer, type JsObject, type Provider } from '../../framework/index.js';
import { DEFAULT_DEV_TOKEN, type MockKonnect } from '../../mock-konnect/index.js';
import { konnectProvider } from '../provider.js';
import type { KonnectProviderData } from '../provider-data.js';
import { generatedResources } from './generated-resources.js';
import { konnectApi, startMockKonnect } from '../mock-konnect.test-helper.js';

const SECRET = 'sk_UnitTest_Secret_0123456789';
let mock: MockKonnect;
let base: string;

before(async () => {
  ({ mock, base } = await startMockKonnect());
});
after(async () => {
  await mock.close();
});

const api = konnectApi(() => base);

interface Env {
  readonly cp: string;
  readonly consumer: string;
  readonly route: string;
}

interface Case {
  readonly type: string;
  readonly config: (e: Env) => JsObject;
  /** A change the API takes in place (or, for the credential, one that replaces it). */
  readonly changed: (e: Env) => JsObject;
  /** The API object's path from the state. */
  readonly path: (e: Env, s: any) => string;
  readonly importId: (e: Env, s: any) => JsObject;
  readonly replaces?: boolean;
  /** A secret given write-only in `config`: sent to Konnect, absent from plan and state. */
  readonly secretAt?: (stored: any) => unknown;
}

const plugin = (e: Env, s: any) => `/v2/control-planes/${e.cp}/core-entities/plugins/${s.id}`;
const pluginId = (e: Env, s: any) => ({ control_plane_id: e.cp, id: s.id });

const CASES: Case[] = [
  {
    type: 'konnect_gateway_key_auth',
    config: (e) => ({ control_plane_id: e.cp, consumer_id: e.consumer, key_wo: SECRET, key_wo_version: 1, tags: ['a'] }),
    changed: (e) => ({ control_plane_id: e.cp, consumer_id: e.consumer, key_wo: `${SECRET}-2`, key_wo_version: 2, tags: ['a'] }),
    path: (e, s) => `/v2/control-planes/${e.cp}/core-entities/consumers/${e.consumer}/key-auth/${s.id}`,
    importId: (e, s) => ({ consumer_id: e.consumer, control_plane_id: e.cp, id: s.id }),
    replaces: true,
    secretAt: (stored) => stored.key,
  },
  {
    type: 'konnect_gateway_plugin_key_auth',
    config: (e) => ({ control_plane_id: e.cp, route: { id: e.route }, config: { key_names: ['apikey'] } }),
    changed: (e) => ({ control_plane_id: e.cp, route: { id: e.route }, config: { key_names: ['apikey', 'x-api-key'], hide_credentials: true } }),
    path: plugin,
    importId: pluginId,
  },
  {
    type: 'konnect_gateway_plugin_ai_proxy_advanced',
    config: (e) => ({
      control_plane_id: e.cp,
      route: { id: e.route },
      config: {
        targets: [
          { route_type: 'llm/v1/chat', auth: { header_name: 'Authorization', header_value_wo: `Bearer ${SECRET}`, header_value_wo_version: 1 }, model: { provider: 'huggingface', name: 'm1' } },
        ],
      },
    }),
    changed: (e) => ({
      control_plane_id: e.cp,
      route: { id: e.route },
      config: {
        balancer: { algorithm: 'lowest-usage' },
        targets: [
          { route_type: 'llm/v1/chat', auth: { header_name: 'Authorization', header_value_wo: `Bearer ${SECRET}`, header_value_wo_version: 1 }, model: { provider: 'huggingface', name: 'm2' } },
        ],
      },
    }),
    path: plugin,
    importId: pluginId,
    secretAt: (stored) => stored.config.targets[0].auth.header_value,
  },
  {
    type: 'konnect_gateway_plugin_ai_rate_limiting_advanced',
    config: (e) => ({ control_plane_id: e.cp, route: { id: e.route }, config: { llm_providers: [{ name: 'huggingface', limit: [100], window_size: [60] }] } }),
    changed: (e) => ({
      control_plane_id: e.cp,
      route: { id: e.route },
      config: { strategy: 'redis', redis: { host: 'redis.internal', port: '6380', password_wo: SECRET, password_wo_version: 1 }, llm_providers: [{ name: 'huggingface', limit: [200], window_size: [60] }] },
    }),
    path: plugin,
    importId: pluginId,
  },
  {
    type: 'konnect_gateway_plugin_ai_prompt_guard',
    config: (e) => ({ control_plane_id: e.cp, route: { id: e.route }, config: { deny_patterns: ['.*password.*'] } }),
    changed: (e) => ({ control_plane_id: e.cp, route: { id: e.route }, config: { deny_patterns: ['.*password.*', '.*secret.*'], match_all_roles: true } }),
    path: plugin,
    importId: pluginId,
  },
  {
    type: 'konnect_gateway_plugin_ai_prompt_decorator',
    config: (e) => ({ control_plane_id: e.cp, route: { id: e.route }, config: { prompts: { prepend: [{ role: 'system', content: 'Be brief.' }] } } }),
    changed: (e) => ({ control_plane_id: e.cp, route: { id: e.route }, config: { prompts: { prepend: [{ content: 'Be very brief.' }], append: [{ role: 'user', content: 'Thanks.' }] } } }),
    path: plugin,
    importId: pluginId,
  },
  {
    type: 'konnect_gateway_plugin_prometheus',
    config: (e) => ({ control_plane_id: e.cp, config: { per_consumer: true } }),
    changed: (e) => ({ control_plane_id: e.cp, config: { per_consumer: true, ai_metrics: true }, tags: ['metrics'] }),
    path: plugin,
    importId: pluginId,
  },
];

async function setup() {
  const provider = konnectProvider({ env: {}, retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5 } });
  const server = new FrameworkServer({ ...provider, resources: () => generatedResources() } as Provider<KonnectProviderData> as Provider);
  const core = new CoreEmulator(server);
  assert.deepEqual(await core.configure({ server_url: base, personal_access_token: DEFAULT_DEV_TOKEN }), []);
  const cp = (await api('POST', '/v2/control-planes', { name: `cp-${Math.random().toString(36).slice(2)}` })).body.id as string;
  const ce = `/v2/control-planes/${cp}/core-entities`;
  const consumer = (await api('POST', `${ce}/consumers`, { username: 'alice' })).body.id as string;
  const service = (await api('POST', `${ce}/services`, { name: 'svc', host: 'example.com' })).body.id as string;
  const route = (await api('POST', `${ce}/routes`, { name: 'r', paths: ['/generate'], service: { id: service } })).body.id as string;
  return { core, env: { cp, consumer, route }, server };
}

for (const c of CASES) {
  test(`${c.type}: create, empty plan, ${c.replaces ? 'replacement' : 'in-place update'}, import, out-of-band delete, destroy`, async () => {
    const { core, env, server } = await setup();
    const type = server.state.resources.get(c.type)!.schema.root.type;
    const js = (v: Parameters<typeof core.js>[1]) => core.js(c.type, v) as any;
    const config = core.configValue(c.type, c.config(env));
    assert.deepEqual((await core.validate(c.type, c.config(env))).filter((d) => d.severity === 'error'), []);
    const created = await core.apply(c.type, null, config);
    assert.deepEqual(created.diagnostics, []);
    const s = js(created.state);
    assert.match(s.id, /^[0-9a-f-]{36}$/);
    const stored = await api('GET', c.path(env, s));
    assert.equal(stored.status, 200);
    if (c.secretAt) {
      assert.ok(String(c.secretAt(stored.body)).includes(SECRET), 'the write-only secret reached Konnect');
      assert.ok(!JSON.stringify(js(created.plan.planned)).includes(SECRET), 'not in the plan');
      assert.ok(!JSON.stringify(s).includes(SECRET), 'not in the state');
    }

    const { state: refreshed } = await core.refresh(c.type, created.state);
    if (c.secretAt) assert.ok(!JSON.stringify(js(refreshed)).includes(SECRET), 'refresh keeps the echoed secret out of state');
    assert.ok(valueEquals((await core.plan(c.type, refreshed, config)).planned, refreshed, type), 'the plan after apply is empty');

    const changedConfig = core.configValue(c.type, c.changed(env));
    const upd = await core.apply(c.type, refreshed, changedConfig);
    assert.deepEqual(upd.diagnostics, []);
    assert.equal(upd.replaced, !!c.replaces);
    const u = js(upd.state);
    if (c.replaces) assert.notEqual(u.id, s.id);
    else assert.equal(u.id, s.id);
    const { state: updRefreshed } = await core.refresh(c.type, upd.state);
    assert.ok(valueEquals((await core.plan(c.type, updRefreshed, changedConfig)).planned, updRefreshed, type), 'the plan after the update is empty');

    const imported = await core.import(c.type, JSON.stringify(c.importId(env, u)));
    assert.deepEqual(imported.diagnostics, []);
    const afterImport = await core.apply(c.type, imported.state, changedConfig);
    assert.deepEqual(afterImport.diagnostics, []);
    assert.equal(afterImport.replaced, false, 'import then apply does not replace');
    if (c.secretAt) assert.ok(!JSON.stringify(js(afterImport.state)).includes(SECRET), 'after import and one apply the secret is out of state');
    const { state: settled } = await core.refresh(c.type, afterImport.state);
    assert.ok(valueEquals((await core.plan(c.type, settled, changedConfig)).planned, settled, type), 'empty plan after import and one apply');

    assert.equal((await api('DELETE', c.path(env, u))).status, 204);
    assert.equal((await core.refresh(c.type, settled)).state, null, 'deleted behind our back → removed from state');
    const again = await core.apply(c.type, null, changedConfig);
    assert.deepEqual(again.diagnostics, []);
    const gone = await core.applyPlanned(c.type, again.state, null, changedConfig);
    assert.deepEqual(gone.diagnostics, []);
    assert.equal((await api('GET', c.path(env, js(again.state)))).status, 404, 'destroy deletes it');
  });
}

test('validation: a list item member the API requires ("Not Null"), and write-only rules inside list items, name the element', async () => {
  const { core, env } = await setup();
  const T = 'konnect_gateway_plugin_ai_proxy_advanced';
  const target = (auth: JsObject, extra: JsObject = {}) => ({ route_type: 'llm/v1/chat', model: { provider: 'huggingface', name: 'm' }, auth, ...extra });
  const cfg = (targets: JsObject[]) => ({ control_plane_id: env.cp, config: { targets } });
  const errors = async (c: JsObject) =>
    (await core.validate(T, c)).filter((d) => d.severity === 'error').map((d) => `${d.path?.toString()}: ${d.summary}`);

  assert.deepEqual(await errors(cfg([target({ header_name: 'Authorization', header_value: 'Bearer x' })])), []);
  const { route_type: _r, ...noRouteType } = target({ header_name: 'Authorization' });
  assert.deepEqual(await errors(cfg([target({}), noRouteType])), ['config.targets[1].route_type: Missing required argument']);
  assert.deepEqual(await errors(cfg([target({ header_name: 'A', header_value: 'Bearer a', header_value_wo: 'Bearer b', header_value_wo_version: 1 })])), [
    'config.targets[0].auth.header_value_wo: Conflicting attributes: header_value and header_value_wo',
  ]);
  const noVersion = await core.validate(T, cfg([target({}), target({ header_name: 'A', header_value_wo: 'Bearer secret-b' })]));
  assert.deepEqual(noVersion.filter((d) => d.severity === 'error').map((d) => d.path?.toString()), ['config.targets[1].auth.header_value_wo_version']);
  for (const d of noVersion) assert.ok(!`${d.summary}${d.detail}`.includes('secret-b'), 'no value in messages');
});

test('key-auth credential import ids: the three official keys; a missing one is named, with the format to use', async () => {
  const { core, env } = await setup();
  const T = 'konnect_gateway_key_auth';
  const r = await core.import(T, JSON.stringify({ control_plane_id: env.cp, id: 'b2f34145-0343-41a4-9602-4c69dec2f269' }));
  const err = r.diagnostics.find((d) => d.severity === 'error')!;
  assert.equal(err.summary, 'Missing required field');
  assert.match(err.detail, /The field consumer_id is required/);
  assert.match(err.detail, /'\{"consumer_id": "<consumer_id>", "control_plane_id": "9524ec7d-36d9-465d-a8c5-83a3c9390458", "id": "<id>"\}'/);
  const extra = await core.import(T, JSON.stringify({ consumer_id: env.consumer, control_plane_id: env.cp, id: 'x', key_id: 'y' }));
  assert.match(extra.diagnostics.find((d) => d.severity === 'error')!.detail, /unknown field "key_id"/);
});
