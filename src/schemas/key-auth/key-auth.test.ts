import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillKeyAuthDefaults, keyAuthConfigSchema } from './index.js';
import { validatePlugin } from '../plugins/registry.js';

test('key-auth defaults as Kong fills them', () => {
  assert.deepEqual(fillKeyAuthDefaults({}), {
    key_names: ['apikey'],
    hide_credentials: false,
    anonymous: null,
    key_in_header: true,
    key_in_query: true,
    key_in_body: false,
    run_on_preflight: true,
    realm: null,
  });
  assert.deepEqual((fillKeyAuthDefaults({ key_names: ['X-Key', 'apikey'] }) as { key_names: string[] }).key_names, ['X-Key', 'apikey']);
});

test('key-auth field errors', () => {
  const res = keyAuthConfigSchema.validate({ key_names: 'apikey', hide_credentials: 1, nope: true });
  assert.ok(!res.ok);
  assert.deepEqual(res.fields, { key_names: 'expected an array', hide_credentials: 'expected a boolean', nope: 'unknown field' });
});

test('validatePlugin dispatches on name and applies scoping rules', () => {
  const ok = validatePlugin({ name: 'key-auth', route: { id: '6d0a4e1c-1f0a-4f7e-9c1e-3c2f3b1d2a10' } });
  assert.ok(ok.ok);
  assert.deepEqual((ok.value.config as { key_names: string[] }).key_names, ['apikey']);
  const unknown = validatePlugin({ name: 'rate-limiting-nope', config: {} });
  assert.ok(!unknown.ok);
  assert.deepEqual(unknown.fields, { name: "plugin 'rate-limiting-nope' not enabled; add it to the 'plugins' configuration property" });
  const consumer = validatePlugin({ name: 'key-auth', consumer: { id: '6d0a4e1c-1f0a-4f7e-9c1e-3c2f3b1d2a10' } });
  assert.ok(!consumer.ok);
  assert.deepEqual(consumer.fields, { consumer: 'value must be null' });
  const missing = validatePlugin({ config: {} });
  assert.ok(!missing.ok);
  assert.deepEqual(missing.fields, { name: 'required field missing' });
  const ai = validatePlugin({ name: 'ai-proxy', config: { route_type: 'llm/v1/chat', model: { provider: 'nope' } } });
  assert.ok(!ai.ok);
  assert.match(ai.message, /config\.model\.provider: expected one of: openai, azure/);
});
