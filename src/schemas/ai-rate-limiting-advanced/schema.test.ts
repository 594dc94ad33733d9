import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validatePlugin } from '../plugins/registry.js';
import { aiRateLimitingConfigSchema } from './index.js';

const DOC_EXAMPLE = { llm_providers: [{ name: 'openai', limit: [100, 1000], window_size: [60, 3600] }] };

test("Kong's documented example is accepted and filled with Kong's defaults", () => {
  const r = validatePlugin({ name: 'ai-rate-limiting-advanced', config: DOC_EXAMPLE });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.fields));
  const c = r.value.config as Record<string, unknown>;
  assert.equal(c.identifier, 'consumer');
  assert.equal(c.window_type, 'sliding');
  assert.equal(c.strategy, 'local');
  assert.equal(c.sync_rate, null);
  assert.equal(c.tokens_count_strategy, 'total_tokens');
  assert.equal(c.error_code, 429);
  assert.equal(c.error_message, 'AI token rate limit exceeded for provider(s): ');
  assert.equal(c.dictionary_name, 'kong_rate_limiting_counters');
  assert.equal(c.retry_after_jitter_max, 0);
  assert.deepEqual((c.redis as Record<string, unknown>).port, 6379);
  assert.deepEqual((c.redis as Record<string, unknown>).host, '127.0.0.1');
  assert.deepEqual(r.value.protocols, ['grpc', 'grpcs', 'http', 'https']);
});

test('consumer and consumer-group scopes are allowed (unlike key-auth)', () => {
  const r = validatePlugin({
    name: 'ai-rate-limiting-advanced',
    consumer_group: { id: '6d0a4e1c-1f0a-4f7e-9c1e-3c2f3b1d2a10' },
    config: { ...DOC_EXAMPLE, identifier: 'consumer-group', strategy: 'redis', sync_rate: 0, redis: { host: 'redis.internal', port: 6380 } },
  });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.fields));
});

test('field errors in Kong shapes: enums, types, unknown fields, provider names', () => {
  const r = aiRateLimitingConfigSchema.validate({
    identifier: 'user',
    window_type: 'rolling',
    strategy: 'memcached',
    tokens_count_strategy: 'total',
    llm_providers: [{ name: 'openai-x', limit: ['10'], window_size: [60] }],
    nope: 1,
  });
  assert.ok(!r.ok);
  const f = r.fields as Record<string, unknown>;
  assert.equal(f.identifier, 'expected one of: ip, credential, consumer, service, header, path, consumer-group');
  assert.equal(f.window_type, 'expected one of: sliding, fixed');
  assert.equal(f.strategy, 'expected one of: cluster, redis, local');
  assert.equal(f.tokens_count_strategy, 'expected one of: total_tokens, prompt_tokens, completion_tokens, cost');
  assert.equal(f.nope, 'unknown field');
  assert.ok(JSON.stringify(f.llm_providers).includes('expected one of'), JSON.stringify(f.llm_providers));
  assert.ok(JSON.stringify(f.llm_providers).includes('expected a number'), JSON.stringify(f.llm_providers));
});

test('cross-field rules: limits pair with windows, llm_providers xor policies, header/path identifiers, sync_rate floor', () => {
  const check = (config: Record<string, unknown>) => {
    const r = validatePlugin({ name: 'ai-rate-limiting-advanced', config });
    return r.ok ? [] : ((r.fields as { config: { '@entity': string[] } }).config['@entity'] ?? []);
  };
  assert.deepEqual(check({ llm_providers: [{ name: 'openai', limit: [1], window_size: [60, 3600] }] }), ['You must provide the same number of windows and limits']);
  assert.deepEqual(check({ ...DOC_EXAMPLE, policies: [{ limits: [{ limit: 1, window_size: 60 }] }] }), [
    "only one or none of these fields must be set: 'llm_providers', 'policies'",
  ]);
  assert.deepEqual(check({ ...DOC_EXAMPLE, identifier: 'header' }), ["failed conditional validation given value of field 'identifier'"]);
  assert.deepEqual(check({ ...DOC_EXAMPLE, identifier: 'header', header_name: 'x-team' }), []);
  assert.deepEqual(check({ ...DOC_EXAMPLE, identifier: 'path' }), ["failed conditional validation given value of field 'identifier'"]);
  assert.deepEqual(check({ ...DOC_EXAMPLE, identifier: 'path', path: '/a//b' }), ['path: should start with: / and must not have empty segments']);
  assert.deepEqual(check({ ...DOC_EXAMPLE, sync_rate: 0.01 }), ['sync_rate: must be -1, 0, or at least 0.02 (seconds)']);
  for (const sync_rate of [-1, 0, 0.02, 5]) assert.deepEqual(check({ ...DOC_EXAMPLE, sync_rate }), [], String(sync_rate));
});

test('config.redis may be null, as Konnect\'s OpenAPI declares it (what the official provider sends when it is not set)', () => {
  const r = aiRateLimitingConfigSchema.validate({ ...DOC_EXAMPLE, redis: null });
  assert.equal(r.ok, true, JSON.stringify(r));
});
