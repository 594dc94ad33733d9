import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateAiProxyConfig, validateAiProxyPlugin, fillAiProxyDefaults, type AiProxyConfig } from './index.js';

const seed = () => ({
  route_type: 'llm/v1/chat',
  genai_category: 'text/generation',
  llm_format: 'huggingface',
  auth: { header_name: 'Authorization', header_value: 'Bearer hf_secret' },
  model: { provider: 'huggingface', name: 'HuggingFaceTB/SmolVLM-Base' },
});

function errors(config: unknown) {
  const res = validateAiProxyConfig(config);
  assert.equal(res.ok, false, 'expected a validation failure');
  return res.ok ? {} : res.fields;
}

const openai = (extra: Record<string, unknown> = {}, model: Record<string, unknown> = {}) => ({
  route_type: 'llm/v1/chat',
  model: { provider: 'openai', ...model },
  ...extra,
});

test('the seed config validates and comes back with every default filled', () => {
  const res = validateAiProxyConfig(seed());
  assert.ok(res.ok);
  const c: AiProxyConfig = res.value;
  assert.equal(c.response_streaming, 'allow');
  assert.equal(c.max_request_body_size, 1048576);
  assert.equal(c.model_name_header, true);
  assert.deepEqual(c.logging, { log_statistics: false, log_payloads: false });
  assert.equal(c.auth?.allow_override, false);
  assert.equal(c.auth?.azure_use_managed_identity, false);
  assert.equal(c.auth?.gcp_use_service_account, false);
  assert.equal(c.auth?.param_name, null);
  assert.equal(c.auth?.param_location, null);
  assert.deepEqual(c.model, { provider: 'huggingface', name: 'HuggingFaceTB/SmolVLM-Base', model_alias: null, options: null });
});

test('defaults: genai_category and llm_format; optional records stay null, explicit null kept', () => {
  const filled = fillAiProxyDefaults(openai()) as Record<string, unknown>;
  assert.equal(filled.genai_category, 'text/generation');
  assert.equal(filled.llm_format, 'openai');
  assert.equal(filled.auth, null);
  assert.deepEqual(filled.logging, { log_statistics: false, log_payloads: false });
  const withNullLogging = validateAiProxyConfig(openai({ logging: null }));
  assert.ok(withNullLogging.ok);
  assert.equal(withNullLogging.value.logging, null);
});

test('defaults inside model.options and its provider records', () => {
  const res = validateAiProxyConfig(openai({}, { options: { cohere: {}, dashscope: {}, bedrock: {}, huggingface: {} } }));
  assert.ok(res.ok);
  const o = res.value.model.options!;
  assert.equal(o.azure_api_version, '2023-05-15');
  assert.equal(o.temperature, null);
  assert.equal(o.upstream_url, null);
  assert.equal(o.gemini, null);
  assert.deepEqual(o.cohere, { embedding_input_type: 'classification', wait_for_model: null });
  assert.deepEqual(o.dashscope, { international: true });
  assert.equal(o.bedrock?.embeddings_normalize, false);
  assert.deepEqual(o.huggingface, { use_cache: null, wait_for_model: null });
});

test('values are never normalised', () => {
  const cfg = openai({}, { name: '  Mixed/Case-Model  ', options: { upstream_url: 'HTTP://Example.COM:8080/a//b/' } });
  const res = validateAiProxyConfig(cfg);
  assert.ok(res.ok);
  assert.equal(res.value.model.name, '  Mixed/Case-Model  ');
  assert.equal(res.value.model.options?.upstream_url, 'HTTP://Example.COM:8080/a//b/');
});

test('field texts: required, unknown, types, enums, bounds', () => {
  assert.deepEqual(errors({ model: { provider: 'openai' } }), { config: { route_type: 'required field missing' } });
  assert.deepEqual(errors({ route_type: 'llm/v1/chat' }), { config: { model: { provider: 'required field missing' } } });
  assert.deepEqual(errors(openai({ foo: 1 })), { config: { foo: 'unknown field' } });
  assert.deepEqual(errors(openai({ route_type: 5 })), { config: { route_type: 'expected a string' } });
  assert.deepEqual(errors(openai({ max_request_body_size: 1.5 })), { config: { max_request_body_size: 'expected an integer' } });
  assert.deepEqual(errors(openai({ model_name_header: 'yes' })), { config: { model_name_header: 'expected a boolean' } });
  assert.deepEqual(errors(openai({ auth: 'x' })), { config: { auth: 'expected a record' } });
  assert.deepEqual(errors(openai({}, { provider: 'acme' })), {
    config: {
      model: {
        provider:
          'expected one of: openai, azure, anthropic, cohere, mistral, llama2, gemini, bedrock, huggingface, cerebras, dashscope, xai, databricks, deepseek, ollama, vllm',
      },
    },
  });
  assert.deepEqual(errors(openai({ response_streaming: 'maybe' })), {
    config: { response_streaming: 'expected one of: allow, deny, always' },
  });
  assert.deepEqual(errors(openai({}, { options: { temperature: 5.5, top_p: 2, top_k: 501, input_cost: 0, output_cost: -1 } })), {
    config: {
      model: {
        options: {
          temperature: 'value should be between 0 and 5',
          top_p: 'value should be between 0 and 1',
          top_k: 'value should be between 0 and 500',
          input_cost: 'value must be greater than 0',
          output_cost: 'value must be greater than 0',
        },
      },
    },
  });
  assert.deepEqual(errors(openai({ logging: { log_statistics: null } })), {
    config: { logging: { log_statistics: 'required field missing' } },
  });
  assert.deepEqual(errors(openai({ auth: { param_location: 'cookie' } })).config, {
    auth: { param_location: 'expected one of: query, body' },
  });
});

test('upstream_url is a Kong url typedef', () => {
  const url = (u: string) => errors(openai({}, { options: { upstream_url: u } }));
  assert.deepEqual(url('localhost:8080'), { config: { model: { options: { upstream_url: 'missing host in url' } } } });
  assert.deepEqual(url('//example.com/x'), { config: { model: { options: { upstream_url: 'missing scheme in url' } } } });
  assert.ok(validateAiProxyConfig(openai({}, { options: { upstream_url: 'http://127.0.0.1:9000' } })).ok);
});

test('every cross-field rule, with Kong exact messages in config.@entity', () => {
  const entity = (cfg: unknown) => (errors(cfg).config as { '@entity'?: string[] })['@entity'];
  assert.deepEqual(entity(openai({ auth: { header_name: 'Authorization' } })), [
    "all or none of these fields must be set: 'auth.header_name', 'auth.header_value'",
  ]);
  assert.deepEqual(entity(openai({ auth: { header_value: 'Bearer x' } })), [
    "all or none of these fields must be set: 'auth.header_name', 'auth.header_value'",
  ]);
  assert.deepEqual(entity(openai({ auth: { param_name: 'key', param_value: 'v' } })), [
    "all or none of these fields must be set: 'auth.param_name', 'auth.param_value', 'auth.param_location'",
  ]);
  assert.deepEqual(entity({ route_type: 'llm/v1/chat', model: { provider: 'bedrock' }, auth: { allow_override: true } }), [
    'bedrock and gemini only support auth.allow_override = false',
  ]);
  assert.deepEqual(entity({ route_type: 'llm/v1/chat', model: { provider: 'gemini' }, auth: { allow_override: true } }), [
    'bedrock and gemini only support auth.allow_override = false',
  ]);
  assert.deepEqual(entity({ route_type: 'llm/v1/chat', model: { provider: 'llama2' } }), [
    "must set 'model.options.llama2_format' for llama2 provider",
    "must set 'model.options.upstream_url' for self-hosted providers/models",
  ]);
  assert.deepEqual(entity({ route_type: 'llm/v1/chat', model: { provider: 'mistral' } }), [
    "must set 'model.options.mistral_format' for mistral provider",
  ]);
  assert.deepEqual(entity({ route_type: 'llm/v1/chat', model: { provider: 'anthropic' } }), [
    "must set 'model.options.anthropic_version' for anthropic provider",
  ]);
  assert.deepEqual(entity({ route_type: 'llm/v1/chat', model: { provider: 'azure', options: { azure_api_version: null } } }), [
    "must set 'model.options.azure_instance' for azure provider",
    "must set 'model.options.azure_api_version' for azure provider",
    "must set 'model.options.azure_deployment_id' for azure provider",
  ]);
  assert.deepEqual(
    entity({
      route_type: 'llm/v1/completions',
      model: { provider: 'anthropic', options: { anthropic_version: '2023-06-01' } },
      logging: { log_statistics: true },
    }),
    ['anthropic does not support statistics when route_type is llm/v1/completions'],
  );
  // satisfied forms pass
  assert.ok(validateAiProxyConfig({ route_type: 'llm/v1/chat', model: { provider: 'llama2', options: { llama2_format: 'raw', upstream_url: 'http://h:1' } } }).ok);
  assert.ok(validateAiProxyConfig(openai({ auth: { param_name: 'k', param_value: 'v', param_location: 'query' } })).ok);
});

test('native llm_format rules land in the top-level @entity and name the field', () => {
  assert.deepEqual(errors({ ...seed(), route_type: 'llm/v1/completions' }), {
    '@entity': ["native provider options in llm_format can only be used with the 'llm/v1/chat' route_type"],
    config: { route_type: 'value must be llm/v1/chat' },
  });
  assert.deepEqual(errors({ ...seed(), model: { provider: 'openai' } }), {
    '@entity': ["native llm_format 'huggingface' can only be used with the 'huggingface' model.provider"],
    config: { model: { provider: 'value must be huggingface' } },
  });
  assert.deepEqual(errors({ route_type: 'llm/v1/chat', llm_format: 'bedrock', model: { provider: 'gemini' } })['@entity'], [
    "native llm_format 'bedrock' can only be used with the 'bedrock' model.provider",
  ]);
  assert.deepEqual(errors({ route_type: 'llm/v1/chat', llm_format: 'gemini', model: { provider: 'openai' } })['@entity'], [
    "native llm_format 'gemini' can only be used with the 'gemini' model.provider",
  ]);
});

test('the plugin record: protocols, scopes, enabled, tags, ordering, partials and Kong messages', () => {
  const ok = validateAiProxyPlugin({ name: 'ai-proxy', config: seed(), tags: [] });
  assert.ok(ok.ok);
  assert.deepEqual(ok.value.protocols, ['grpc', 'grpcs', 'http', 'https', 'ws', 'wss']);
  assert.equal(ok.value.enabled, true);
  assert.deepEqual(ok.value.tags, []);
  for (const k of ['service', 'route', 'consumer', 'consumer_group', 'instance_name', 'ordering', 'partials', 'condition'] as const)
    assert.equal(ok.value[k], null, k);
  const protocolsKept = validateAiProxyPlugin({ name: 'ai-proxy', config: seed(), protocols: ['https', 'http'] });
  assert.ok(protocolsKept.ok);
  assert.deepEqual(protocolsKept.value.protocols, ['https', 'http']);

  const bad = validateAiProxyPlugin({
    name: 'ai-proxy',
    config: seed(),
    protocols: ['http', 'tcp'],
    service: { id: 'not-a-uuid' },
    route: 'x',
    enabled: 'yes',
    ordering: { before: { access: ['key-auth'] } },
  });
  assert.equal(bad.ok, false);
  if (bad.ok) return;
  assert.deepEqual(bad.fields, {
    protocols: [null, 'expected one of: grpc, grpcs, http, https, ws, wss'],
    service: { id: 'expected a valid UUID' },
    route: 'expected a record',
    enabled: 'expected a boolean',
  });
  assert.match(bad.message, /^4 schema violations \(enabled: expected a boolean; protocols\.2: expected one of/);
  const one = validateAiProxyPlugin({ name: 'ai-proxy', config: 'x' });
  assert.ok(!one.ok && one.message === 'schema violation (config: expected a record)');
});
