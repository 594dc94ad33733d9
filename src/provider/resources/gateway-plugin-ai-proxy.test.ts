// konnect_gateway_plugin_ai_proxy through the framework's core emulator (Terraform's plan/apply
// rules checked on every answer) against an in-process mock Konnect on an OS-picked port.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { typeToJsonString, valueEquals, type CtyValue } from '../../cty/index.js';
import { CoreEmulator } from '../../framework/core-checks/index.js';
import { FrameworkServer, toTfpluginSchema, compileSchema, type JsObject, type Provider } from '../../framework/index.js';
import { DEFAULT_DEV_TOKEN, type MockKonnect } from '../../mock-konnect/index.js';
import type { Attribute } from '../../tfplugin/index.js';
import { konnectProvider } from '../provider.js';
import type { KonnectProviderData } from '../provider-data.js';
import { gatewayPluginAiProxy } from './gateway-plugin-ai-proxy.js';
import { aiProxySchema } from './gateway-plugin-ai-proxy-schema.js';
import { konnectApi, startMockKonnect } from '../mock-konnect.test-helper.js';

const T = 'konnect_gateway_plugin_ai_proxy';
const HF_TOKEN = 'hf_UnitTest_Secret_0123456789abcdef';
let mock: MockKonnect;
let base: string;

before(async () => {
  ({ mock, base } = await startMockKonnect());
});
after(async () => {
  await mock.close();
});

const api = konnectApi(() => base);

async function setup() {
  const provider = konnectProvider({ env: {}, retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5 } });
  const server = new FrameworkServer({ ...provider, resources: () => [gatewayPluginAiProxy()] } as Provider<KonnectProviderData> as Provider);
  const core = new CoreEmulator(server);
  assert.deepEqual(await core.configure({ server_url: base, personal_access_token: DEFAULT_DEV_TOKEN }), []);
  const cp = (await api('POST', '/v2/control-planes', { name: `cp-${Math.random().toString(36).slice(2)}` })).body.id as string;
  return { core, cp, type: server.state.resources.get(T)!.schema.root.type };
}

/** The seed's resource, with the token passed as "Bearer ${var.huggingface_token}". */
function seedConfig(cp: string, extra: JsObject = {}, auth: JsObject = { header_name: 'Authorization', header_value: `Bearer ${HF_TOKEN}` }): JsObject {
  return {
    enabled: true,
    config: {
      route_type: 'llm/v1/chat',
      genai_category: 'text/generation',
      llm_format: 'huggingface',
      auth,
      model: { provider: 'huggingface', name: 'HuggingFaceTB/SmolVLM-Base' },
    },
    tags: [],
    control_plane_id: cp,
    ...extra,
  };
}

function js(core: CoreEmulator, v: CtyValue): any {
  return core.js(T, v);
}

test('the schema is the official one (modes, types, descriptions), plus sensitive secrets and the write-only header value', () => {
  const official = JSON.parse(readFileSync(new URL('../../schemas/testdata/konnect-provider-schema.json', import.meta.url), 'utf8'))
    .provider_schemas['registry.terraform.io/kong/konnect'].resource_schemas[T].block.attributes;
  const ours = toTfpluginSchema(compileSchema(aiProxySchema(), T)).block.attributes!;
  const problems: string[] = [];
  const sensitive: string[] = [];
  const writeOnly: string[] = [];
  const walk = (mine: readonly Attribute[], ref: Record<string, any>, path: string) => {
    for (const a of mine) {
      const p = `${path}${a.name}`;
      if (a.sensitive) sensitive.push(p);
      if (a.writeOnly) writeOnly.push(p);
      const r = ref[a.name];
      if (!r) {
        problems.push(`extra ${p}`);
        continue;
      }
      for (const f of ['required', 'optional', 'computed'] as const) if (!!a[f] !== !!r[f]) problems.push(`${p}: ${f}`);
      if ((a.description ?? '') !== (r.description ?? '')) problems.push(`${p}: description`);
      // No description → no kind on our side, which the protocol sends as plain (its zero value).
      if ((a.descriptionKind ?? 'plain') !== r.description_kind) problems.push(`${p}: description kind`);
      if (!a.nestedType && typeToJsonString(a.type!) !== JSON.stringify(r.type)) problems.push(`${p}: type`);
      if (a.nestedType) walk(a.nestedType.attributes, r.nested_type.attributes, `${p}.`);
    }
    for (const n of Object.keys(ref)) if (!mine.some((a) => a.name === n)) problems.push(`missing ${path}${n}`);
  };
  walk(ours, official, '');
  // Every secret (the spec's x-encrypted fields) is sensitive and has a write-only twin with its
  // version: the seed's header_value_wo, and the same for the five others (issue #16 item 3).
  const secrets = ['aws_access_key_id', 'aws_secret_access_key', 'azure_client_secret', 'gcp_service_account_json', 'header_value', 'param_value'].map((n) => `config.auth.${n}`);
  assert.deepEqual(problems.sort(), secrets.flatMap((s) => [`extra ${s}_wo`, `extra ${s}_wo_version`]).sort());
  assert.deepEqual(sensitive.sort(), secrets.flatMap((s) => [s, `${s}_wo`]).sort());
  assert.deepEqual(writeOnly.sort(), secrets.map((s) => `${s}_wo`).sort());
});

test('create (global): POST to the top-level plugins collection with null scopes; re-plan empty; update in place; delete', async () => {
  const { core, cp, type } = await setup();
  mock.log.clear();
  const config = core.configValue(T, seedConfig(cp));
  const { state, plan } = await core.apply(T, null, config);
  assert.deepEqual(plan.diagnostics, []);
  const s = js(core, state);
  assert.match(s.id, /^[0-9a-f-]{36}$/);
  assert.equal(s.control_plane_id, cp);
  assert.equal(s.config.auth.header_value, `Bearer ${HF_TOKEN}`);
  assert.deepEqual([...s.protocols].sort(), ['grpc', 'grpcs', 'http', 'https', 'ws', 'wss']);
  const calls = mock.log.list().filter((e) => e.path.includes('/core-entities/'));
  assert.deepEqual(calls.map((e) => `${e.method} ${e.path} ${e.status}`), [`POST /v2/control-planes/${cp}/core-entities/plugins 201`]);
  const sent = calls[0]!.body as any;
  assert.equal(sent.name, 'ai-proxy');
  for (const scope of ['service', 'route', 'consumer', 'consumer_group']) assert.equal(sent[scope], null, `${scope}: explicit null`);
  assert.ok(!('id' in sent) && !('control_plane_id' in sent) && !('header_value_wo' in sent.config.auth));
  const stored = await api('GET', `/v2/control-planes/${cp}/core-entities/plugins/${s.id}`);
  assert.equal(stored.body.name, 'ai-proxy');
  assert.equal(stored.body.service, null);
  assert.equal(stored.body.config.llm_format, 'huggingface');

  const { state: refreshed } = await core.refresh(T, state);
  const again = await core.plan(T, refreshed, config);
  assert.ok(valueEquals(again.planned, refreshed, type), 'the plan after apply is empty');

  const changed = core.configValue(T, seedConfig(cp, { config: { ...(seedConfig(cp).config as JsObject), model: { provider: 'huggingface', name: 'HuggingFaceTB/SmolLM2-1.7B' } } }));
  mock.log.clear();
  const upd = await core.apply(T, refreshed, changed);
  assert.deepEqual(mock.log.list().filter((e) => e.method !== 'GET').map((e) => `${e.method} ${e.path}`), [`PUT /v2/control-planes/${cp}/core-entities/plugins/${s.id}`]);
  assert.equal(upd.replaced, false, 'an in-place update');
  assert.equal(js(core, upd.state).id, s.id);
  assert.equal((await api('GET', `/v2/control-planes/${cp}/core-entities/plugins/${s.id}`)).body.config.model.name, 'HuggingFaceTB/SmolLM2-1.7B');

  const gone = await core.applyPlanned(T, upd.state, null, changed);
  assert.deepEqual(gone.diagnostics, []);
  assert.equal((await api('GET', `/v2/control-planes/${cp}/core-entities/plugins/${s.id}`)).status, 404);
});

test('scoped to a service: the scoping object is sent and read back; deleted behind our back → removed from state', async () => {
  const { core, cp } = await setup();
  const svc = (await api('POST', `/v2/control-planes/${cp}/core-entities/services`, { name: 'hf', host: 'example.com' })).body.id as string;
  const { state } = await core.apply(T, null, core.configValue(T, seedConfig(cp, { service: { id: svc } })));
  const s = js(core, state);
  assert.deepEqual(s.service, { id: svc });
  assert.equal(s.route, null);
  const stored = (await api('GET', `/v2/control-planes/${cp}/core-entities/plugins/${s.id}`)).body;
  assert.deepEqual(stored.service, { id: svc });
  assert.equal((await api('DELETE', `/v2/control-planes/${cp}/core-entities/plugins/${s.id}`)).status, 204);
  const { state: after } = await core.refresh(T, state);
  assert.equal(after, null, 'a 404 on read removes it from state, so Terraform plans a re-create');
});

test('no perpetual diff when Konnect fills records the configuration left out (logging, model.options)', async () => {
  const { core, cp, type } = await setup();
  const config = core.configValue(T, seedConfig(cp));
  const { state } = await core.apply(T, null, config);
  const s = js(core, state);
  const path = `/v2/control-planes/${cp}/core-entities/plugins/${s.id}`;
  const stored = (await api('GET', path)).body;
  // What real Konnect may do: store the omitted records filled with their defaults.
  stored.config.logging = { log_payloads: false, log_statistics: false };
  stored.config.model.options = { huggingface: null, bedrock: null, max_tokens: null, azure_api_version: '2023-05-15', upstream_url: null };
  assert.equal((await api('PUT', path, stored)).status, 200);
  const { state: refreshed } = await core.refresh(T, state);
  assert.equal(js(core, refreshed).config.logging, null);
  const plan = await core.plan(T, refreshed, config);
  assert.ok(valueEquals(plan.planned, refreshed, type), 'no diff for Konnect-filled defaults');
  // A real change behind Terraform's back is still seen.
  stored.config.logging = { log_payloads: true, log_statistics: false };
  await api('PUT', path, stored);
  const { state: drifted } = await core.refresh(T, refreshed);
  assert.deepEqual(js(core, drifted).config.logging, { log_payloads: true, log_statistics: false });
});

test('import: the official JSON id → the same state, empty plan; a wrong id → the expected format', async () => {
  const { core, cp, type } = await setup();
  const config = core.configValue(T, seedConfig(cp));
  const { state } = await core.apply(T, null, config);
  const id = js(core, state).id as string;
  const imported = await core.import(T, JSON.stringify({ control_plane_id: cp, id }));
  assert.deepEqual(imported.diagnostics, []);
  const plan = await core.plan(T, imported.state, config);
  assert.ok(valueEquals(plan.planned, imported.state, type), 'empty plan after import');

  for (const bad of [id, JSON.stringify({ control_plane_id: cp, plugin_id: id }), '{"id": "x"}']) {
    const r = await core.import(T, bad);
    const err = r.diagnostics.find((d) => d.severity === 'error');
    assert.ok(err, `error for ${bad}`);
    assert.match(`${err.summary}\n${err.detail}`, /\{"control_plane_id": "9524ec7d-36d9-465d-a8c5-83a3c9390458", "id": "3473c251-5b6c-4f45-b1ff-7ede735a366d"\}/);
  }
});

test('write-only header_value_wo: sent to Konnect, never in plan or state; the version rotates it', async () => {
  const { core, cp, type } = await setup();
  const wo = (token: string, version: number) =>
    core.configValue(T, seedConfig(cp, {}, { header_name: 'Authorization', header_value_wo: `Bearer ${token}`, header_value_wo_version: version }));
  assert.deepEqual(await core.validate(T, core.js(T, wo(HF_TOKEN, 1)) as JsObject), []);
  const first = await core.apply(T, null, wo(HF_TOKEN, 1));
  assert.deepEqual(first.diagnostics, []);
  assert.ok(!JSON.stringify(js(core, first.plan.planned)).includes(HF_TOKEN), 'not in the plan');
  assert.ok(!JSON.stringify(js(core, first.state)).includes(HF_TOKEN), 'not in the state');
  const id = js(core, first.state).id;
  const path = `/v2/control-planes/${cp}/core-entities/plugins/${id}`;
  assert.equal((await api('GET', path)).body.config.auth.header_value, `Bearer ${HF_TOKEN}`, 'Konnect has the token');

  const { state: refreshed } = await core.refresh(T, first.state);
  assert.ok(!JSON.stringify(js(core, refreshed)).includes(HF_TOKEN), 'refresh keeps the echoed token out of state');
  const plan = await core.plan(T, refreshed, wo(HF_TOKEN, 1));
  assert.ok(valueEquals(plan.planned, refreshed, type), 'no diff while the version is unchanged');

  const rotated = await core.apply(T, refreshed, wo('hf_Rotated999', 2));
  assert.equal(rotated.replaced, false);
  assert.equal((await api('GET', path)).body.config.auth.header_value, 'Bearer hf_Rotated999', 'a new version sends the new value');
  assert.equal(js(core, rotated.state).config.auth.header_value_wo_version, 2);

  // Import cannot see the configuration: header_value comes from Konnect; the next apply drops it.
  const imported = await core.import(T, JSON.stringify({ control_plane_id: cp, id }));
  assert.equal(js(core, imported.state).config.auth.header_value, 'Bearer hf_Rotated999');
  const settled = await core.apply(T, imported.state, wo('hf_Rotated999', 2));
  assert.equal(settled.replaced, false);
  assert.ok(!JSON.stringify(js(core, settled.state)).includes('hf_Rotated999'), 'after the first apply the token is out of state');
  const { state: again } = await core.refresh(T, settled.state);
  assert.ok(valueEquals((await core.plan(T, again, wo('hf_Rotated999', 2))).planned, again, type), 'then no diff');
});

test('validation: the literal "var." warning, write-only conflicts and a missing version', async () => {
  const { core, cp } = await setup();
  const seed = await core.validate(T, seedConfig(cp, {}, { header_name: 'Authorization', header_value: 'Bearer var.huggingface_token' }));
  assert.equal(seed.length, 1);
  assert.equal(seed[0]!.severity, 'warning');
  assert.equal(seed[0]!.path?.toString(), 'config.auth.header_value');
  assert.match(seed[0]!.detail, /"Bearer \$\{var\.huggingface_token\}"/);

  const mixed = await core.validate(T, seedConfig(cp, {}, { header_name: 'Authorization', header_value: 'Bearer sk-Private123 var.extra' }));
  assert.deepEqual(mixed.map((d) => d.severity), ['warning']);
  assert.ok(!`${mixed[0]!.summary}${mixed[0]!.detail}`.includes('sk-Private123'), 'a value that may hold a secret is not quoted back');
  assert.deepEqual(await core.validate(T, seedConfig(cp)), [], 'no warning for a real token');

  const both = await core.validate(T, seedConfig(cp, {}, { header_name: 'Authorization', header_value: 'Bearer a', header_value_wo: 'Bearer b', header_value_wo_version: 1 }));
  assert.deepEqual(both.map((d) => [d.severity, d.path?.toString()]), [['error', 'config.auth.header_value_wo']]);
  const noVersion = await core.validate(T, seedConfig(cp, {}, { header_name: 'Authorization', header_value_wo: 'Bearer b' }));
  assert.deepEqual(noVersion.map((d) => [d.severity, d.path?.toString()]), [['error', 'config.auth.header_value_wo_version']]);
  for (const d of [...both, ...noVersion]) assert.ok(!d.detail.includes('Bearer b') && !d.summary.includes('Bearer b'), 'no value in messages');
});

test('a 400 from Konnect becomes an attribute diagnostic on the field it named', async () => {
  const { core, cp } = await setup();
  const cfg = seedConfig(cp);
  const bad = core.configValue(T, { ...cfg, config: { ...(cfg.config as JsObject), model: { provider: 'not-a-provider', name: 'x' } } });
  const r = await core.apply(T, null, bad);
  const errs = r.diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errs.length, 1, `one diagnostic per field Konnect named: ${JSON.stringify(errs)}`);
  assert.equal(errs[0]!.path?.toString(), 'config.model.provider');
  assert.match(errs[0]!.detail, /expected one of/);
  assert.equal(r.state, null, 'nothing created');
});
