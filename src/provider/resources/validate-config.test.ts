// ValidateResourceConfig (what `terraform validate` and `plan` run first) through the framework
// server: every enum of the ai-proxy table, a range, Kong's cross-field rules, the core
// entities' enums/ranges/rules, and unknown values (plan time) skipping the checks that read them.
// No Konnect is involved: validation never calls it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Unknown } from '../../cty/index.js';
import { CoreEmulator } from '../../framework/core-checks/index.js';
import { FrameworkServer, type JsObject, type Provider } from '../../framework/index.js';
import { aiProxyConfigView, flattenViews, routeView, serviceView, type AttributeView } from '../../schemas/index.js';
import type { Diagnostic } from '../../common/index.js';
import { konnectProvider } from '../provider.js';

const AI = 'konnect_gateway_plugin_ai_proxy';
const CP = '9524ec7d-36d9-465d-a8c5-83a3c9390458';
const core = new CoreEmulator(new FrameworkServer(konnectProvider({ env: {} }) as Provider));

/** The seed's route-scoped plugin (valid), with `config` entries replaced. */
function aiProxy(config: JsObject = {}, extra: JsObject = {}): JsObject {
  return {
    control_plane_id: CP,
    config: {
      route_type: 'llm/v1/chat',
      llm_format: 'huggingface',
      auth: { header_name: 'Authorization', header_value: 'Bearer hf_x' },
      model: { provider: 'huggingface', name: 'HuggingFaceTB/SmolVLM-Base' },
      ...config,
    },
    ...extra,
  };
}

const errors = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === 'error').map((d) => ({ path: d.path?.toString() ?? '', detail: d.detail }));

/** Sets `dotted` (below config) in a copy of the seed's config. */
function withConfigValue(dotted: string, value: JsObject[string]): JsObject {
  const base = aiProxy();
  const config = structuredClone(base.config) as JsObject;
  const steps = dotted.split('.').slice(1);
  let at = config as Record<string, unknown>;
  for (const s of steps.slice(0, -1)) at = (at[s] ??= {}) as Record<string, unknown>;
  at[steps.at(-1)!] = value;
  return { ...base, config };
}

test('the seed plugin validates clean', async () => {
  assert.deepEqual(await core.validate(AI, aiProxy()), []);
});

test('route_type = "llm/v1/chatt" fails validate, names config.route_type, lists the values and suggests the fix', async () => {
  const errs = errors(await core.validate(AI, aiProxy({ route_type: 'llm/v1/chatt' })));
  assert.equal(errs.length, 1, JSON.stringify(errs));
  assert.equal(errs[0]!.path, 'config.route_type');
  assert.match(errs[0]!.detail, /^config\.route_type must be one of (?:"[^"]+", )*"llm\/v1\/chat"/);
  assert.match(errs[0]!.detail, /Did you mean "llm\/v1\/chat"\?/);
});

// Every enum of the ai-proxy table, derived from the table itself (not a list written here).
const enums = flattenViews(aiProxyConfigView).filter((v): v is AttributeView & { enum: readonly (string | number)[] } => v.enum !== undefined);

test('the ai-proxy table has enums to check (route_type, genai_category, llm_format, model.provider, …)', () => {
  const paths = enums.map((e) => e.path);
  for (const p of ['config.route_type', 'config.genai_category', 'config.llm_format', 'config.response_streaming', 'config.model.provider', 'config.auth.param_location'])
    assert.ok(paths.includes(p), `${p} in ${paths.join(', ')}`);
});

for (const e of enums) {
  test(`enum ${e.path}: a value outside ${JSON.stringify(e.enum)} is an error at ${e.path}; every listed value is not`, async () => {
    const bad = typeof e.enum[0] === 'number' ? 987654 : 'not-a-known-value';
    const errs = errors(await core.validate(AI, withConfigValue(e.path, bad)));
    const at = errs.filter((x) => x.path === e.path);
    assert.equal(at.length, 1, `one error at ${e.path}: ${JSON.stringify(errs)}`);
    assert.match(at[0]!.detail, /must be one of/);
    for (const good of e.enum) {
      const ok = errors(await core.validate(AI, withConfigValue(e.path, good)));
      // (Cross-field rules may still refuse the combination with the seed's other values.)
      assert.deepEqual(ok.filter((x) => x.path === e.path && /must be one of/.test(x.detail)), [], `${e.path} = ${JSON.stringify(good)} accepted`);
    }
  });
}

test('cross-field: a native llm_format needs route_type llm/v1/chat and the same model.provider', async () => {
  const route = errors(await core.validate(AI, aiProxy({ route_type: 'llm/v1/completions' })));
  assert.deepEqual(route.map((e) => e.path), ['config.route_type']);
  assert.match(route[0]!.detail, /native provider options in llm_format can only be used with the 'llm\/v1\/chat' route_type/);
  const provider = errors(await core.validate(AI, aiProxy({ model: { provider: 'openai', name: 'gpt-4o' } })));
  assert.deepEqual(provider.map((e) => e.path), ['config.model.provider']);
  assert.match(provider[0]!.detail, /native llm_format 'huggingface' can only be used with the 'huggingface' model.provider/);
});

test('cross-field: auth header_name and header_value are all-or-none; header_value_wo counts as the value', async () => {
  const errs = errors(await core.validate(AI, aiProxy({ auth: { header_name: 'Authorization' } })));
  assert.deepEqual(errs.map((e) => e.path), ['config.auth']);
  assert.match(errs[0]!.detail, /all or none of these fields must be set: 'auth.header_name', 'auth.header_value'/);
  assert.ok(!JSON.stringify(errs).includes('hf_'), 'no value quoted');
  const wo = await core.validate(AI, aiProxy({ auth: { header_name: 'Authorization', header_value_wo: 'Bearer hf_y', header_value_wo_version: 1 } }));
  assert.deepEqual(errors(wo), []);
});

test('cross-field: provider-specific required options (azure, llama2, anthropic) and the anthropic statistics rule', async () => {
  const openai = { llm_format: 'openai', route_type: 'llm/v1/chat' };
  const azure = errors(await core.validate(AI, aiProxy({ ...openai, model: { provider: 'azure', name: 'gpt' } })));
  assert.deepEqual(azure.map((e) => e.path).sort(), ['config.model.options.azure_api_version', 'config.model.options.azure_deployment_id', 'config.model.options.azure_instance']);
  const llama = errors(await core.validate(AI, aiProxy({ ...openai, model: { provider: 'llama2', name: 'l', options: { llama2_format: 'raw' } } })));
  assert.deepEqual(llama.map((e) => e.path), ['config.model.options.upstream_url']);
  assert.match(llama[0]!.detail, /must set 'model.options.upstream_url' for self-hosted providers\/models/);
  const stats = errors(
    await core.validate(AI, aiProxy({ ...openai, route_type: 'llm/v1/completions', logging: { log_statistics: true, log_payloads: false }, model: { provider: 'anthropic', name: 'c', options: { anthropic_version: '1' } } })),
  );
  assert.deepEqual(stats.map((e) => e.path), ['config.model.provider']);
  assert.match(stats[0]!.detail, /anthropic does not support statistics when route_type is llm\/v1\/completions/);
});

test('defaults count: llm_format left out is "openai", so a non-huggingface provider is fine', async () => {
  const cfg = aiProxy({ model: { provider: 'openai', name: 'gpt-4o' } });
  delete (cfg.config as Record<string, unknown>).llm_format;
  assert.deepEqual(errors(await core.validate(AI, cfg)), []);
});

test('unknown values (plan time) skip every check that reads them, and only those', async () => {
  assert.deepEqual(errors(await core.validate(AI, aiProxy({ route_type: Unknown.plain }))), [], 'unknown route_type');
  assert.deepEqual(errors(await core.validate(AI, aiProxy({ llm_format: Unknown.plain, route_type: 'llm/v1/completions' }))), [], 'unknown llm_format');
  assert.deepEqual(errors(await core.validate(AI, aiProxy({ model: { provider: Unknown.plain, name: 'x' } }))), [], 'unknown provider');
  assert.deepEqual(errors(await core.validate(AI, aiProxy({ auth: Unknown.plain }))), [], 'unknown auth object');
  assert.deepEqual(errors(await core.validate(AI, aiProxy({ auth: { header_name: 'Authorization', header_value: Unknown.plain } }))), [], 'unknown header value');
  assert.deepEqual(errors(await core.validate(AI, { control_plane_id: CP, config: Unknown.plain })), [], 'unknown config');
  // A rule that does not read the unknown still runs.
  const still = errors(await core.validate(AI, aiProxy({ route_type: 'llm/v1/chatt', auth: Unknown.plain })));
  assert.deepEqual(still.map((e) => e.path), ['config.route_type']);
  const rule = errors(await core.validate(AI, aiProxy({ route_type: 'llm/v1/completions', auth: { header_name: Unknown.plain, header_value: 'x' } })));
  assert.deepEqual(rule.map((e) => e.path), ['config.route_type']);
});

// The core entities: enums and ranges from their tables, and their cross-field rules.
const SVC = 'konnect_gateway_service';
const ROUTE = 'konnect_gateway_route';
const service = (extra: JsObject = {}): JsObject => ({ control_plane_id: CP, host: 'example.com', ...extra });
const route = (extra: JsObject = {}): JsObject => ({ control_plane_id: CP, paths: ['/hf'], service: { id: CP }, ...extra });

test('service: protocol enum, port and retries ranges, path prefix', async () => {
  assert.deepEqual(errors(await core.validate(SVC, service())), []);
  assert.ok(serviceView.find((v) => v.name === 'protocol')?.enum, 'protocol is an enum in the table');
  const proto = errors(await core.validate(SVC, service({ protocol: 'htps' })));
  assert.deepEqual(proto.map((e) => e.path), ['protocol']);
  assert.match(proto[0]!.detail, /Did you mean "https"\?/);
  for (const [name, value] of [['port', 65536], ['port', -1], ['retries', 40000], ['connect_timeout', 0], ['tls_verify_depth', 65]] as const) {
    const errs = errors(await core.validate(SVC, service({ [name]: value })));
    assert.deepEqual(errs.map((e) => e.path), [name], `${name} = ${value}`);
    assert.match(errs[0]!.detail, /must be between/);
  }
  assert.deepEqual(errors(await core.validate(SVC, service({ port: 65535 }))), [], 'the bound itself is fine');
  assert.deepEqual(errors(await core.validate(SVC, service({ path: 'v1' }))).map((e) => e.path), ['path']);
  assert.deepEqual(errors(await core.validate(SVC, service({ port: Unknown.plain, protocol: Unknown.plain }))), []);
});

test('route: each protocol, https_redirect_status_code, path_handling, endpoint ports, and "must set one of" when http', async () => {
  assert.deepEqual(errors(await core.validate(ROUTE, route())), []);
  assert.ok(routeView.find((v) => v.name === 'protocols')?.element?.enum, 'protocols members are an enum in the table');
  const protos = errors(await core.validate(ROUTE, route({ protocols: ['http', 'htttps'] })));
  assert.deepEqual(protos.map((e) => e.path), ['protocols[1]']);
  assert.deepEqual(errors(await core.validate(ROUTE, route({ https_redirect_status_code: 303 }))).map((e) => e.path), ['https_redirect_status_code']);
  assert.deepEqual(errors(await core.validate(ROUTE, route({ https_redirect_status_code: 308 }))), []);
  assert.deepEqual(errors(await core.validate(ROUTE, route({ path_handling: 'v2' }))).map((e) => e.path), ['path_handling']);
  assert.deepEqual(errors(await core.validate(ROUTE, route({ sources: [{ ip: '10.0.0.1', port: 70000 }], protocols: ['tcp'] }))).map((e) => e.path), ['sources[0].port']);
  const none = errors(await core.validate(ROUTE, route({ paths: null })));
  assert.deepEqual(none.map((e) => e.path), ['protocols']);
  assert.match(none[0]!.detail, /must set one of 'methods', 'hosts', 'headers', 'paths' when 'protocols' is 'http'/);
  assert.deepEqual(errors(await core.validate(ROUTE, route({ paths: [Unknown.plain] }))), [], 'an unknown path skips the rule');
  assert.deepEqual(errors(await core.validate(ROUTE, route({ paths: null, protocols: ['tcp'], destinations: [{ ip: '10.0.0.1', port: 80 }] }))), []);
});

test('consumer: username or custom_id; control plane: cluster_type and auth_type enums', async () => {
  const c = errors(await core.validate('konnect_gateway_consumer', { control_plane_id: CP }));
  assert.equal(c.length, 1);
  assert.match(c[0]!.detail, /at least one of these fields must be non-empty: 'custom_id', 'username'/);
  assert.deepEqual(errors(await core.validate('konnect_gateway_consumer', { control_plane_id: CP, username: 'alice' })), []);
  const cp = errors(await core.validate('konnect_gateway_control_plane', { name: 'cp', cluster_type: 'CLUSTER_TYPE_HYBRD', auth_type: 'pki' }));
  assert.deepEqual(cp.map((e) => e.path), ['auth_type', 'cluster_type']);
  assert.match(cp[1]!.detail, /Did you mean "CLUSTER_TYPE_HYBRID"\?/);
});
