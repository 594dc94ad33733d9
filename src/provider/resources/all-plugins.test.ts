// Every generated konnect_gateway_plugin_* (111, GENERATED_ENTITIES in scripts/openapi/resources.ts,
// all served), table-driven,
// in process through the framework's core emulator against an in-process mock Konnect (the real
// CLI runs them all at once in acceptance-tests/resources-all-plugins.test.ts): create with the
// table's required attributes filled in (src/testing/plugin-configs.ts) →
// refresh → empty plan → import with the official id → empty plan → destroy → gone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { valueEquals } from '../../cty/index.js';
import { CoreEmulator } from '../../framework/core-checks/index.js';
import { FrameworkServer, type Provider } from '../../framework/index.js';
import { DEFAULT_DEV_TOKEN, type MockKonnect } from '../../mock-konnect/index.js';
import { allGeneratedTables } from '../../schemas/resource-tables/index.js';
import { minimalPluginConfig } from '../../testing/index.js';
import { konnectProvider } from '../provider.js';
import { konnectApi, startMockKonnect } from '../mock-konnect.test-helper.js';

let mock: MockKonnect;
let base: string;
let core: CoreEmulator;
let server: FrameworkServer;
let cp: string;

const api = konnectApi(() => base);

before(async () => {
  ({ mock, base } = await startMockKonnect());
  const provider = konnectProvider({ env: {}, retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5 } });
  // The provider as served: every generated plugin is one of its resources.
  server = new FrameworkServer(provider as Provider);
  core = new CoreEmulator(server);
  assert.deepEqual(await core.configure({ server_url: base, personal_access_token: DEFAULT_DEV_TOKEN }), []);
  cp = (await api('POST', '/v2/control-planes', { name: 'all-plugins' })).body.id as string;
});
after(async () => {
  await mock.close();
});

const plugins = allGeneratedTables().filter((t) => t.pluginName).sort((a, b) => a.typeName.localeCompare(b.typeName));

test('all 111 plugins of the official provider v3.19.0 are generated', () => {
  assert.equal(plugins.length, 111);
});

for (const t of plugins) {
  test(`${t.typeName}: create → empty plan → import → empty plan → destroy`, async () => {
    const type = server.state.resources.get(t.typeName)!.schema.root.type;
    const cfg = { control_plane_id: cp, ...minimalPluginConfig(t) };
    const config = core.configValue(t.typeName, cfg);
    const created = await core.apply(t.typeName, null, config);
    assert.deepEqual(created.diagnostics.filter((d) => d.severity === 'error'), [], JSON.stringify(cfg));
    const s = core.js(t.typeName, created.state) as any;
    const path = `/v2/control-planes/${cp}/core-entities/plugins/${s.id}`;
    const stored = await api('GET', path);
    assert.equal(stored.body.name, t.pluginName);
    const { state: refreshed } = await core.refresh(t.typeName, created.state);
    assert.ok(valueEquals((await core.plan(t.typeName, refreshed, config)).planned, refreshed, type), `empty plan after create: ${JSON.stringify(core.js(t.typeName, refreshed))} vs ${JSON.stringify(core.js(t.typeName, (await core.plan(t.typeName, refreshed, config)).planned))}`);
    const imported = await core.import(t.typeName, JSON.stringify({ control_plane_id: cp, id: s.id }));
    assert.deepEqual(imported.diagnostics, []);
    assert.ok(valueEquals((await core.plan(t.typeName, imported.state, config)).planned, imported.state, type), 'empty plan after import');
    const gone = await core.applyPlanned(t.typeName, imported.state, null, config);
    assert.deepEqual(gone.diagnostics, []);
    assert.equal((await api('GET', path)).status, 404);
  });
}
