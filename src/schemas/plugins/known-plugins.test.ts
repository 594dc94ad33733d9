import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KNOWN_PLUGINS, KONG_BUNDLED_PLUGINS, KONNECT_PLUGINS } from './known-plugins.js';
import { validatePlugin } from './registry.js';

const NOT_ENABLED = (n: string) => `plugin '${n}' not enabled; add it to the 'plugins' configuration property`;

test('the lists: Kong 3.10 bundled and Konnect (Enterprise) names, each once, and their union', () => {
  assert.equal(new Set(KONG_BUNDLED_PLUGINS).size, KONG_BUNDLED_PLUGINS.length);
  assert.equal(new Set(KONNECT_PLUGINS).size, KONNECT_PLUGINS.length);
  assert.deepEqual([...KONNECT_PLUGINS], [...KONNECT_PLUGINS].sort(), 'kept sorted, as extracted');
  assert.equal(KONNECT_PLUGINS.length, 111);
  for (const n of [...KONG_BUNDLED_PLUGINS, ...KONNECT_PLUGINS]) assert.ok(KNOWN_PLUGINS.has(n), n);
  for (const n of ['ai-proxy', 'key-auth', 'ai-prompt-guard', 'ai-proxy-advanced', 'ai-rate-limiting-advanced', 'openid-connect', 'rate-limiting', 'oauth2'])
    assert.ok(KNOWN_PLUGINS.has(n), n);
  for (const n of ['totally-unknown-plugin', 'ai-proxy ', 'AI-PROXY', '']) assert.ok(!KNOWN_PLUGINS.has(n), JSON.stringify(n));
});

test('a name Kong does not know is Kong\'s `not enabled` schema violation', () => {
  const r = validatePlugin({ name: 'totally-unknown-plugin', config: {} });
  assert.ok(!r.ok);
  assert.deepEqual(r.fields, { name: NOT_ENABLED('totally-unknown-plugin') });
  assert.equal(r.message, `schema violation (name: ${NOT_ENABLED('totally-unknown-plugin')})`);
});

test('a known plugin without a schema here is accepted: the plugin record checked and filled, config kept as given', () => {
  const r = validatePlugin({ name: 'ai-semantic-cache', config: { exact_caching: true }, route: { id: '5f3f4b1e-0000-4000-8000-000000000001' } });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.fields));
  assert.deepEqual(r.value.config, { exact_caching: true });
  assert.equal(r.value.enabled, true);
  assert.deepEqual(r.value.protocols, ['grpc', 'grpcs', 'http', 'https']);
  assert.equal(r.value.service, null);
  assert.deepEqual(r.value.route, { id: '5f3f4b1e-0000-4000-8000-000000000001' });

  const noConfig = validatePlugin({ name: 'zipkin' });
  assert.ok(noConfig.ok);
  assert.deepEqual(noConfig.value.config, {});
  const tcp = validatePlugin({ name: 'tcp-log', config: { host: 'h', port: 1 }, protocols: ['tcp', 'tls'] });
  assert.ok(tcp.ok, 'stream protocols are Kong protocols too');
});

test('a known plugin is still refused for a malformed record: config not a record, unknown field, bad scope', () => {
  const notRecord = validatePlugin({ name: 'rate-limiting', config: 'minute=5' });
  assert.ok(!notRecord.ok);
  assert.deepEqual(notRecord.fields, { config: 'expected a record' });
  const unknown = validatePlugin({ name: 'rate-limiting', config: {}, foo: 1 });
  assert.ok(!unknown.ok);
  assert.deepEqual(unknown.fields, { foo: 'unknown field' });
  const scope = validatePlugin({ name: 'rate-limiting', config: {}, route: { id: 'not-a-uuid' } });
  assert.ok(!scope.ok);
  assert.deepEqual(scope.fields, { route: { id: 'expected a valid UUID' } });
});
