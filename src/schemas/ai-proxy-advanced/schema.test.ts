import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validatePlugin } from '../plugins/registry.js';
import { balancerOf, validateAiProxyAdvancedConfig, type AiProxyAdvancedConfig } from './index.js';

const target = (extra: Record<string, unknown> = {}) => ({ route_type: 'llm/v1/chat', model: { provider: 'openai', name: 'gpt-4o' }, ...extra });
const plugin = (config: Record<string, unknown>) => validatePlugin({ name: 'ai-proxy-advanced', config });
const fields = (r: ReturnType<typeof validatePlugin>) => {
  assert.ok(!r.ok, 'expected a validation failure');
  return r.fields as Record<string, any>;
};

test("ai-proxy-advanced: a minimal config is accepted and filled with Kong's defaults (balancer, targets, top-level)", () => {
  const r = plugin({ targets: [target(), target({ model: { provider: 'anthropic', name: 'claude', options: { anthropic_version: '2023-06-01' } } })] });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.fields));
  const c = r.value.config as AiProxyAdvancedConfig;
  assert.deepEqual(c.balancer, {
    algorithm: 'round-robin',
    tokens_count_strategy: 'total-tokens',
    latency_strategy: 'tpot',
    hash_on_header: 'X-Kong-LLM-Request-ID',
    slots: 10000,
    retries: 5,
    connect_timeout: 60000,
    write_timeout: 60000,
    read_timeout: 60000,
    failover_criteria: ['error', 'timeout'],
    max_fails: 0,
    fail_timeout: 10000,
  });
  assert.equal(c.targets[0]!.weight, 100);
  assert.equal(c.targets[0]!.description, null);
  assert.deepEqual(c.targets[0]!.logging, { log_statistics: false, log_payloads: false });
  assert.equal(c.targets[0]!.model.model_alias, null);
  assert.equal(c.targets[1]!.model.options?.azure_api_version, '2023-05-15');
  assert.equal(c.genai_category, 'text/generation');
  assert.equal(c.llm_format, 'openai');
  assert.equal(c.response_streaming, 'allow');
  assert.equal(c.max_request_body_size, 1048576);
  assert.equal(c.model_name_header, true);
  assert.equal(c.embeddings, null);
  assert.equal(c.vectordb, null);
  assert.equal(c.acls, null);
  assert.deepEqual(r.value.protocols, ['grpc', 'grpcs', 'http', 'https', 'ws', 'wss']);
});

test('balancer: explicit null (what the official provider sends when unset) is kept, and means the defaults', () => {
  const r = validateAiProxyAdvancedConfig({ targets: [target()], balancer: null });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.fields));
  assert.equal(r.value.balancer, null);
  assert.equal(balancerOf(r.value).algorithm, 'round-robin');
  assert.deepEqual(balancerOf(r.value).failover_criteria, ['error', 'timeout']);
  const set = validateAiProxyAdvancedConfig({ targets: [target()], balancer: { algorithm: 'priority', max_fails: 3 } });
  assert.ok(set.ok);
  assert.equal(balancerOf(set.value).algorithm, 'priority');
  assert.equal(balancerOf(set.value).fail_timeout, 10000, 'the rest of a given balancer is filled');
});

test('every algorithm, latency and token strategy, and failover criterion Kong lists is accepted', () => {
  for (const algorithm of ['round-robin', 'priority', 'lowest-latency', 'lowest-usage', 'consistent-hashing', 'least-connections']) {
    for (const tokens_count_strategy of ['total-tokens', 'prompt-tokens', 'completion-tokens', 'cost', 'llm-accuracy']) {
      const r = plugin({ targets: [target()], balancer: { algorithm, tokens_count_strategy, latency_strategy: 'e2e' } });
      assert.ok(r.ok, `${algorithm}/${tokens_count_strategy}: ${JSON.stringify(!r.ok && r.fields)}`);
    }
  }
  const all = ['error', 'timeout', 'invalid_header', 'http_403', 'http_404', 'http_429', 'http_500', 'http_502', 'http_503', 'http_504', 'non_idempotent'];
  assert.ok(plugin({ targets: [target()], balancer: { failover_criteria: all, max_fails: 32767, fail_timeout: 1, slots: 65536 } }).ok);
});

test("balancer fields out of Kong's enums and ranges are named, with Kong's texts", () => {
  const f = fields(
    plugin({
      targets: [target()],
      balancer: {
        algorithm: 'fastest',
        retries: 32768,
        failover_criteria: ['error', 'http_418'],
        tokens_count_strategy: 'total_tokens',
        latency_strategy: 'ttft',
        slots: 9,
        max_fails: -1,
        fail_timeout: 0,
        connect_timeout: 2147483647,
      },
    }),
  ).config.balancer;
  assert.equal(f.algorithm, 'expected one of: round-robin, lowest-latency, lowest-usage, consistent-hashing, semantic, priority, least-connections');
  assert.equal(f.retries, 'value should be between 0 and 32767');
  assert.deepEqual(f.failover_criteria, [
    null,
    'expected one of: error, timeout, invalid_header, http_403, http_404, http_429, http_500, http_502, http_503, http_504, non_idempotent',
  ]);
  assert.equal(f.tokens_count_strategy, 'expected one of: total-tokens, prompt-tokens, completion-tokens, cost, llm-accuracy');
  assert.equal(f.latency_strategy, 'expected one of: tpot, e2e');
  assert.equal(f.slots, 'value should be between 10 and 65536');
  assert.equal(f.max_fails, 'value should be between 0 and 32767');
  assert.equal(f.fail_timeout, 'value should be between 1 and 2147483646');
  assert.equal(f.connect_timeout, 'value should be between 1 and 2147483646');
  const r = plugin({ targets: [target()], balancer: { retries: 1.5 } });
  assert.equal(fields(r).config.balancer.retries, 'expected an integer');
  assert.match(r.ok ? '' : r.message, /^schema violation \(config\.balancer\.retries: expected an integer\)$/);
});

test('targets: required; each element is an ai-proxy config (route_type, model required) with weight 1-65535', () => {
  assert.deepEqual(fields(plugin({})).config, { targets: 'required field missing' });
  assert.deepEqual(fields(plugin({ targets: null })).config, { targets: 'required field missing' });
  const f = fields(
    plugin({ targets: [target(), target({ weight: 0 }), { model: { provider: 'openai' } }, target({ weight: 65536, route_type: 'llm/v9' }), 'x'] }),
  ).config.targets;
  assert.equal(f[0], null);
  assert.deepEqual(f[1], { weight: 'value should be between 1 and 65535' });
  assert.deepEqual(f[2], { route_type: 'required field missing' });
  assert.equal(f[3].weight, 'value should be between 1 and 65535');
  assert.match(f[3].route_type, /^expected one of: llm\/v1\/chat, /);
  assert.equal(f[4], 'expected a record');
  assert.equal(fields(plugin({ targets: [target({ model: { provider: 'gpt' } })] })).config.targets[0].model.provider.split(':')[0], 'expected one of');
  assert.ok(plugin({ targets: [target({ weight: 1 }), target({ weight: 65535, description: 'cheap' })] }).ok);
});

test("each target gets ai-proxy's cross-field rules, in that target's @entity", () => {
  const f = fields(
    plugin({
      targets: [
        target({ auth: { header_name: 'Authorization', header_value: 'Bearer sk-secret-1' } }),
        target({ auth: { header_name: 'Authorization' } }),
        target({ model: { provider: 'azure', name: 'gpt' } }),
      ],
    }),
  );
  const t = f.config.targets;
  assert.equal(t[0], null);
  assert.deepEqual(t[1], { '@entity': ["all or none of these fields must be set: 'auth.header_name', 'auth.header_value'"] });
  assert.deepEqual(t[2]['@entity'], [
    "must set 'model.options.azure_instance' for azure provider",
    "must set 'model.options.azure_api_version' for azure provider",
    "must set 'model.options.azure_deployment_id' for azure provider",
  ], 'model.options absent: no default api version either');
  const r = plugin({ targets: [target({ auth: { header_name: 'Authorization' } })] });
  assert.ok(!r.ok);
  assert.equal(r.message, "schema violation (config.targets.1: all or none of these fields must be set: 'auth.header_name', 'auth.header_value')");
  assert.ok(!JSON.stringify(f).includes('sk-secret-1'), 'no secret in the error tree');
});

test("semantic: accepted by the schema; every target needs a description (Kong's message); embeddings/vectordb need their required fields", () => {
  const semantic = {
    balancer: { algorithm: 'semantic' },
    embeddings: { model: { provider: 'openai', name: 'text-embedding-3-small' } },
    vectordb: { strategy: 'redis', dimensions: 1536, distance_metric: 'cosine', threshold: 0.8, redis: { host: 'redis.internal' } },
  };
  const ok = plugin({ ...semantic, targets: [target({ description: 'math' }), target({ description: 'CATCHALL' })] });
  assert.ok(ok.ok, JSON.stringify(!ok.ok && ok.fields));
  const c = ok.value.config as AiProxyAdvancedConfig;
  assert.equal(c.vectordb?.redis?.port, 6379);
  assert.equal(c.vectordb?.pgvector, null);
  assert.equal(c.embeddings?.auth, null);

  const noDesc = fields(plugin({ ...semantic, targets: [target({ description: 'math' }), target()] }));
  assert.deepEqual(noDesc['@entity'], ['description field is required for every target in config.targets array']);
  assert.ok(plugin({ targets: [target()], balancer: { algorithm: 'round-robin' } }).ok, 'descriptions are only required for semantic');

  const missing = fields(plugin({ targets: [target()], embeddings: { model: { provider: 'cohere' } }, vectordb: { strategy: 'faiss' } })).config;
  assert.match(missing.embeddings.model.provider, /^expected one of: openai, mistral, huggingface, azure, bedrock, gemini, ollama$/);
  assert.equal(missing.embeddings.model.name, 'required field missing');
  assert.equal(missing.vectordb.strategy, 'expected one of: redis, pgvector');
  assert.equal(missing.vectordb.dimensions, 'required field missing');
  assert.equal(missing.vectordb.distance_metric, 'required field missing');
});

test('acls (3.14): rules need at least one condition; a condition needs a known type and at least one value', () => {
  const ok = plugin({ targets: [target()], acls: { deny: [{ match: [{ type: 'header', key: 'x-team', values: ['blocked'] }] }] } });
  assert.ok(ok.ok, JSON.stringify(!ok.ok && ok.fields));
  const f = fields(plugin({ targets: [target()], acls: { allow: [{ match: [] }], deny: [{ match: [{ type: 'role', values: [] }] }] } })).config.acls;
  assert.deepEqual(f.allow, [{ match: 'length must be at least 1' }]);
  assert.equal(f.deny[0].match[0].type, 'expected one of: consumer, consumer_group, header, ip, model, path, provider');
  assert.equal(f.deny[0].match[0].values, 'length must be at least 1');
});

test('unknown fields are named; scoping to a consumer is allowed (Kong has no no_consumer here)', () => {
  const f = fields(plugin({ targets: [target({ priority: 1 })], fallback: true }));
  assert.equal(f.config.fallback, 'unknown field');
  assert.equal(f.config.targets[0].priority, 'unknown field');
  const scoped = validatePlugin({ name: 'ai-proxy-advanced', consumer: { id: '6d0a4e1c-1f0a-4f7e-9c1e-3c2f3b1d2a10' }, config: { targets: [target()] } });
  assert.ok(scoped.ok, JSON.stringify(!scoped.ok && scoped.fields));
});
