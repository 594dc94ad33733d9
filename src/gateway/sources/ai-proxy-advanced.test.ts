// ai-proxy-advanced through every source: decK, KIC, the Admin API, the mock Konnect and the
// Konnect source validate it with the one schema (src/schemas/ai-proxy-advanced) — defaults
// filled, Kong's field-named schema violations for a bad config, no secret in any message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore } from '../../kong-entities/index.js';
import { DEFAULT_DEV_TOKEN, MockKonnect } from '../../mock-konnect/index.js';
import type { AiProxyAdvancedConfig } from '../../schemas/index.js';
import { AdminApiSource } from './admin-api/index.js';
import { parseDeck } from './deck/index.js';
import { KicSource } from './kic/index.js';
import { KonnectSource } from './konnect/index.js';

const SECRET = 'sk-aipa-source-secret';
const target = (weight: number) => ({
  route_type: 'llm/v1/chat',
  auth: { header_name: 'Authorization', header_value: `Bearer ${SECRET}` },
  model: { provider: 'openai', name: 'gpt-4o' },
  weight,
});
const GOOD = { balancer: { algorithm: 'priority', max_fails: 3 }, targets: [target(70), target(30)] };
const BAD = { balancer: { algorithm: 'fastest' }, targets: [target(0)] };
const BAD_FIELDS = {
  config: {
    balancer: { algorithm: 'expected one of: round-robin, lowest-latency, lowest-usage, consistent-hashing, semantic, priority, least-connections' },
    targets: [{ weight: 'value should be between 1 and 65535' }],
  },
};

function assertFilled(config: unknown): void {
  const c = config as AiProxyAdvancedConfig;
  assert.equal(c.balancer?.algorithm, 'priority');
  assert.equal(c.balancer?.fail_timeout, 10000);
  assert.deepEqual(c.balancer?.failover_criteria, ['error', 'timeout']);
  assert.deepEqual(c.targets.map((t) => t.weight), [70, 30]);
  assert.deepEqual(c.targets[0]!.logging, { log_statistics: false, log_payloads: false });
}

const deck = (config: unknown) => `_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:8080
    routes:
      - name: a
        paths: [/a]
        plugins:
          - name: ai-proxy-advanced
            config: ${JSON.stringify(config)}
`;

test('decK: ai-proxy-advanced is checked and filled; errors name the file, the plugin and the field', () => {
  const r = parseDeck('kong.yaml', deck(GOOD));
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  assertFilled(r.content.plugins[0]!.config);
  const bad = parseDeck('kong.yaml', deck(BAD));
  assert.ok(!bad.ok);
  const all = bad.errors.join('\n');
  assert.match(all, /kong\.yaml: services\[0\]\.routes\[0\]\.plugins\[0\] \(plugin ai-proxy-advanced\): config\.balancer\.algorithm: expected one of: round-robin,/);
  assert.match(all, /config\.targets\[0\]\.weight: value should be between 1 and 65535/);
  assert.ok(!all.includes(SECRET));
});

const kic = (config: unknown) => `apiVersion: configuration.konghq.com/v1
kind: KongPlugin
metadata:
  name: balanced
  namespace: kong
  annotations:
    kubernetes.io/ingress.class: kong
config: ${JSON.stringify(config)}
plugin: ai-proxy-advanced
---
apiVersion: v1
kind: Service
metadata:
  name: llm
  namespace: kong
spec:
  ports: [{ port: 80 }]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: llm
  namespace: kong
  annotations:
    konghq.com/plugins: balanced
spec:
  ingressClassName: kong
  rules:
    - http:
        paths:
          - path: /llm
            pathType: Prefix
            backend: { service: { name: llm, port: { number: 80 } } }
`;

test("KIC: a KongPlugin ai-proxy-advanced is filled; a bad one rejects the manifests with Kong's text", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kic-aipa-'));
  try {
    await writeFile(join(dir, 'all.yaml'), kic(GOOD));
    const s = await new KicSource({ path: dir, watch: false }).load();
    assertFilled(s.plugins.find((p) => p.name === 'ai-proxy-advanced')!.config);
    await writeFile(join(dir, 'all.yaml'), kic(BAD));
    await assert.rejects(new KicSource({ path: dir, watch: false }).load(), (e: Error) => {
      assert.ok(e.message.includes('KongPlugin kong/balanced: 2 schema violations (config.balancer.algorithm: expected one of: round-robin'), e.message);
      assert.ok(e.message.includes('config.targets.1.weight: value should be between 1 and 65535'), e.message);
      assert.ok(!e.message.includes(SECRET));
      return true;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("Admin API: POST ai-proxy-advanced answers 201 with Kong's defaults, or Kong's 400 schema violation", async () => {
  const source = new AdminApiSource({ listen: '127.0.0.1:0', inMemory: true, announce: () => {} });
  await source.start({ onSnapshot: () => {}, onError: (e) => assert.fail(e) });
  try {
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${source.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    assert.equal((await post('/services', { name: 'llm', url: 'http://127.0.0.1:9' })).status, 201);
    assert.equal((await post('/services/llm/routes', { name: 'a', paths: ['/a'] })).status, 201);
    const bad = await post('/routes/a/plugins', { name: 'ai-proxy-advanced', config: BAD });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 2);
    assert.equal(bad.body.name, 'schema violation');
    assert.deepEqual(bad.body.fields, BAD_FIELDS);
    assert.ok(!JSON.stringify(bad.body).includes(SECRET));
    const missing = await post('/routes/a/plugins', { name: 'ai-proxy-advanced', config: {} });
    assert.deepEqual(missing.body.fields, { config: { targets: 'required field missing' } });
    const good = await post('/routes/a/plugins', { name: 'ai-proxy-advanced', config: GOOD });
    assert.equal(good.status, 201, JSON.stringify(good.body));
    assertFilled(good.body.config);
  } finally {
    await source.stop();
  }
});

test('mock Konnect validates ai-proxy-advanced (Konnect error body); the Konnect source carries the filled config', async () => {
  const mock = new MockKonnect({ store: new MemoryStore(), tokens: [DEFAULT_DEV_TOKEN] });
  const base = await mock.listen('127.0.0.1', 0);
  try {
    const call = async (path: string, body: unknown) => {
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${DEFAULT_DEV_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const cp = (await call('/v2/control-planes', { name: 'aipa' })).body.id as string;
    const ce = `/v2/control-planes/${cp}/core-entities`;
    const svc = await call(`${ce}/services`, { name: 'llm', host: 'example.com' });
    const route = await call(`${ce}/routes`, { name: 'a', paths: ['/a'], service: { id: svc.body.id } });
    const bad = await call(`${ce}/plugins`, { name: 'ai-proxy-advanced', route: { id: route.body.id }, config: BAD });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.message, 'validation error');
    assert.deepEqual(bad.body.fields, BAD_FIELDS);
    assert.match(String(bad.body.kong_message), /^2 schema violations \(config\.balancer\.algorithm: expected one of: /);
    assert.ok(!JSON.stringify(bad.body).includes(SECRET));
    const good = await call(`${ce}/plugins`, { name: 'ai-proxy-advanced', route: { id: route.body.id }, config: GOOD });
    assert.equal(good.status, 201, JSON.stringify(good.body));
    assertFilled(good.body.config);

    const source = new KonnectSource({ serverUrl: base, token: DEFAULT_DEV_TOKEN, controlPlane: 'aipa', pollIntervalMs: 60_000, retry: { maxAttempts: 1 } });
    const s = (await source.poll())!;
    assertFilled(s.plugins.find((p) => p.name === 'ai-proxy-advanced')!.config);
    await source.stop();
  } finally {
    await mock.close();
  }
});
