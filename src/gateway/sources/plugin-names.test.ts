// Plugin names in every source: a name Kong does not know is refused as Kong refuses it
// (`plugin 'x' not enabled; add it to the 'plugins' configuration property`), naming where it
// is; a plugin Kong knows and this gateway does not run (ai-semantic-cache) is accepted and
// carried into the snapshot, where the proxy refuses the requests it applies to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore } from '../../kong-entities/index.js';
import { DEFAULT_DEV_TOKEN, MockKonnect } from '../../mock-konnect/index.js';
import type { ConfigSnapshot } from '../config/snapshot.js';
import { compilePluginSelector } from '../plugins/select.js';
import { AdminApiSource } from './admin-api/index.js';
import { parseDeck } from './deck/index.js';
import { KicSource } from './kic/index.js';
import { KonnectSource } from './konnect/index.js';

const NOT_ENABLED = (n: string) => `plugin '${n}' not enabled; add it to the 'plugins' configuration property`;

/** Kong's 400 for an unknown plugin name (kong/db/errors.lua schema violation, code 2). */
const kong400 = (n: string) => ({ code: 2, name: 'schema violation', message: `schema violation (name: ${NOT_ENABLED(n)})`, fields: { name: NOT_ENABLED(n) } });

/** The plugins of `name` the proxy would refuse a request on `routeId` for. */
function refusedOn(s: ConfigSnapshot, routeId: string, serviceId: string | null): string[] {
  return compilePluginSelector(s).unsupported({ routeId, serviceId, consumerId: null, consumerGroupIds: [] }).map((r) => r.plugin.name);
}

const DECK = (plugin: string) => `_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:8080
    routes:
      - name: a
        paths: [/a]
        plugins:
          - name: ${plugin}
            config: { deny_patterns: [".*forbidden.*"] }
`;

test('decK: an unknown name is a load error naming the plugin and its place in the file', () => {
  const r = parseDeck('kong.yaml', DECK('totally-unknown-plugin'));
  assert.ok(!r.ok);
  assert.deepEqual(r.errors, [`kong.yaml: services[0].routes[0].plugins[0] (plugin totally-unknown-plugin): name: ${NOT_ENABLED('totally-unknown-plugin')}`]);
  const top = parseDeck('kong.yaml', `${DECK('ai-semantic-cache')}plugins:\n  - name: rate-limiting-nope\n`);
  assert.ok(!top.ok);
  assert.deepEqual(top.errors, [`kong.yaml: plugins[0] (plugin rate-limiting-nope): name: ${NOT_ENABLED('rate-limiting-nope')}`]);
});

test('decK: ai-semantic-cache loads, and the requests on its route are the ones the proxy refuses', () => {
  const r = parseDeck('kong.yaml', DECK('ai-semantic-cache'));
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  const s = { ...r.content, origin: { kind: 'deck', location: 'kong.yaml' }, revision: 1, loadedAt: new Date() } as ConfigSnapshot;
  const route = s.routes[0]!;
  assert.deepEqual(s.plugins[0]!.config, { deny_patterns: ['.*forbidden.*'] });
  assert.deepEqual(refusedOn(s, route.id, route.service!.id), ['ai-semantic-cache']);
});

const KIC = (plugin: string) => `apiVersion: configuration.konghq.com/v1
kind: KongPlugin
metadata:
  name: guard
  namespace: kong
  annotations:
    kubernetes.io/ingress.class: kong
config:
  deny_patterns: [".*forbidden.*"]
plugin: ${plugin}
---
apiVersion: v1
kind: Service
metadata:
  name: hf
  namespace: kong
spec:
  ports: [{ port: 80 }]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: hf
  namespace: kong
  annotations:
    konghq.com/plugins: guard
spec:
  ingressClassName: kong
  rules:
    - http:
        paths:
          - path: /hf
            pathType: Prefix
            backend: { service: { name: hf, port: { number: 80 } } }
`;

test('KIC: a KongPlugin with an unknown plugin is reported with Kong\'s text and the manifests are not applied', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kic-plugin-names-'));
  try {
    await writeFile(join(dir, 'all.yaml'), KIC('totally-unknown-plugin'));
    await assert.rejects(new KicSource({ path: dir, watch: false }).load(), (e: Error) => {
      assert.match(e.message, /^KIC manifests in .* were rejected:\n/);
      assert.ok(e.message.includes(`KongPlugin kong/guard: schema violation (name: ${NOT_ENABLED('totally-unknown-plugin')})`), e.message);
      return true;
    });
    await writeFile(join(dir, 'all.yaml'), KIC('ai-semantic-cache'));
    const s = await new KicSource({ path: dir, watch: false }).load();
    const route = s.routes[0]!;
    assert.deepEqual(refusedOn(s, route.id, route.service?.id ?? null), ['ai-semantic-cache']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('Admin API: POST /plugins with an unknown name is Kong\'s 400; ai-semantic-cache is created and in force', async () => {
  const source = new AdminApiSource({ listen: '127.0.0.1:0', inMemory: true, announce: () => {} });
  const snapshots: ConfigSnapshot[] = [];
  await source.start({ onSnapshot: (s) => snapshots.push(s), onError: (e) => assert.fail(e) });
  try {
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${source.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    assert.equal((await post('/services', { name: 'llm', url: 'http://127.0.0.1:9' })).status, 201);
    const route = await post('/services/llm/routes', { name: 'a', paths: ['/a'] });
    assert.equal(route.status, 201);
    const unknown = await post('/plugins', { name: 'totally-unknown-plugin', config: {} });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body, kong400('totally-unknown-plugin'));
    const nested = await post('/routes/a/plugins', { name: 'totally-unknown-plugin' });
    assert.equal(nested.status, 400);
    assert.deepEqual(nested.body, kong400('totally-unknown-plugin'));

    const guard = await post('/routes/a/plugins', { name: 'ai-semantic-cache', config: { deny_patterns: ['.*forbidden.*'] } });
    assert.equal(guard.status, 201, JSON.stringify(guard.body));
    assert.deepEqual(guard.body.config, { deny_patterns: ['.*forbidden.*'] });
    const last = snapshots.at(-1)!;
    assert.deepEqual(refusedOn(last, route.body.id as string, (route.body.service as { id: string }).id), ['ai-semantic-cache']);
  } finally {
    await source.stop();
  }
});

test('mock Konnect refuses an unknown name as Konnect does; the Konnect source carries ai-semantic-cache', async () => {
  const mock = new MockKonnect({ store: new MemoryStore(), tokens: [DEFAULT_DEV_TOKEN] });
  const base = await mock.listen('127.0.0.1', 0);
  try {
    const call = async (path: string, body: unknown) => {
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${DEFAULT_DEV_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const cp = (await call('/v2/control-planes', { name: 'plugin-names' })).body.id as string;
    const ce = `/v2/control-planes/${cp}/core-entities`;
    const svc = await call(`${ce}/services`, { name: 'llm', host: 'example.com' });
    assert.equal(svc.status, 201);
    const route = await call(`${ce}/routes`, { name: 'a', paths: ['/a'], service: { id: svc.body.id } });
    assert.equal(route.status, 201);
    const unknown = await call(`${ce}/plugins`, { name: 'totally-unknown-plugin', route: { id: route.body.id } });
    assert.equal(unknown.status, 400);
    // Konnect's core-entities error body: Kong's text in kong_message, fields and details.
    assert.equal(unknown.body.message, 'validation error');
    assert.equal(unknown.body.kong_message, kong400('totally-unknown-plugin').message);
    assert.deepEqual(unknown.body.fields, { name: NOT_ENABLED('totally-unknown-plugin') });
    assert.deepEqual(unknown.body.details, [{ '@type': 'type.googleapis.com/kong.admin.model.v1.ErrorDetail', type: 'ERROR_TYPE_FIELD', field: 'name', messages: [NOT_ENABLED('totally-unknown-plugin')] }]);
    const guard = await call(`${ce}/routes/${route.body.id as string}/plugins`, { name: 'ai-semantic-cache', config: { deny_patterns: ['.*forbidden.*'] } });
    assert.equal(guard.status, 201, JSON.stringify(guard.body));

    const source = new KonnectSource({ serverUrl: base, token: DEFAULT_DEV_TOKEN, controlPlane: 'plugin-names', pollIntervalMs: 60_000, retry: { maxAttempts: 1 } });
    const s = (await source.poll())!;
    assert.deepEqual(refusedOn(s, route.body.id as string, svc.body.id as string), ['ai-semantic-cache']);
    await source.stop();
  } finally {
    await mock.close();
  }
});

test('Konnect source: a plugin name this gateway cannot know (e.g. a custom plugin) rejects the configuration', async () => {
  const CP = '5f3f4b1e-0000-4000-8000-0000000000aa';
  const plugin = { id: 'p1', name: 'my-custom-plugin', enabled: true, config: {}, route: null, service: null, consumer: null, consumer_group: null, protocols: ['http', 'https'], tags: null, created_at: 1, updated_at: 1 };
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    const path = new URL(req.url!, 'http://x').pathname;
    if (path === `/v2/control-planes/${CP}`) return res.end(JSON.stringify({ id: CP, name: 'custom' }));
    res.end(JSON.stringify({ data: path.endsWith('/core-entities/plugins') ? [plugin] : [], next: null }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const source = new KonnectSource({ serverUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: 'kpat_test', controlPlane: CP, retry: { maxAttempts: 1 } });
    await assert.rejects(source.poll(), (e: Error) => {
      assert.ok(e.message.includes(`plugin p1 (my-custom-plugin): schema violation (name: ${NOT_ENABLED('my-custom-plugin')})`), e.message);
      return true;
    });
    await source.stop();
  } finally {
    server.close();
  }
});
