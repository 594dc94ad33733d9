// The seed's ai-proxy at each of its scopes, in each of the four gateway-side systems (decK
// file, the Admin API via the seed's curl commands, Konnect via the mock with the seed's Konnect
// curl commands, KIC manifests), resolves to the same plugin: for a request from consumer alice
// (member of group gold, identified by key-auth) on route /hf, the ai-proxy that runs is the one
// at the seed's scope, with the same defaults-filled config in every system — and, served by
// the gateway, it sends the local TGI the same upstream request for /generate and
// /generate_stream. The route scope's second annotate command (on an HTTPRoute instead of an
// Ingress) is the seed's sixth case, KIC only: it must match every system's route scope too.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killStartedProcesses, startProcess } from '../../src/testing/processes.js';
import type { ConfigSnapshot } from '../../src/gateway/config/snapshot.js';
import { explainRequest } from '../../src/gateway/explain/index.js';
import { AdminApiSource } from '../../src/gateway/sources/admin-api/index.js';
import { DeckSource } from '../../src/gateway/sources/deck/index.js';
import { KicSource } from '../../src/gateway/sources/kic/index.js';
import { KonnectSource } from '../../src/gateway/sources/konnect/index.js';
import { createMockTgi } from '../../src/testing/tgi/index.js';
import { startGateway } from '../../src/gateway/server/index.js';
import type { Plugin } from '../../src/schemas/entities.js';
import { SEED, SEED_NAMES, deckEnvironment, fillDeckNames, runCurl, type Scope } from './seed.js';

after(killStartedProcesses);

const HF_TOKEN = 'hf_acceptance_seed_token';
const KONNECT_TOKEN = 'kpat_acceptance_token_not_a_secret';
const EXPECTED_SCOPE: Record<Scope, string> = { global: 'global', service: 'service', route: 'route', consumer: 'consumer', consumer_group: 'consumer group' };
const noop = { onSnapshot: () => {}, onError: () => {} };
const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'seed-systems-'));
  dirs.push(d);
  return d;
}

function resolve(snapshot: ConfigSnapshot) {
  const r = explainRequest(snapshot, { method: 'POST', path: '/hf/generate', headers: { apikey: 'alice-key', 'content-type': 'application/json' } });
  assert.equal(r.consumer?.username, 'alice', `${snapshot.origin.kind}: ${r.verdict}`);
  assert.deepEqual(r.consumerGroups.map((g) => g.name), ['gold']);
  assert.ok(r.aiProxy, `${snapshot.origin.kind}: ${r.verdict}`);
  const plugin = snapshot.plugins.find((p) => p.id === r.aiProxy!.id)!;
  return { scope: r.aiProxy.scope, config: plugin.config, report: r };
}

// ---- the four systems, each building the same environment plus the seed's ai-proxy ----------

async function viaDeck(scope: Scope): Promise<ConfigSnapshot> {
  const seedPlugin = fillDeckNames(SEED.find((s) => s.scope === scope)!.deck);
  const file = join(await tempDir(), 'kong.yaml');
  await writeFile(file, `${seedPlugin}\n${deckEnvironment('localhost', 8080)}`);
  const source = new DeckSource(file, { env: { DECK_HUGGINGFACE_TOKEN: HF_TOKEN }, watchIntervalMs: 0 });
  const s = await source.start(noop);
  await source.stop();
  return s;
}

async function viaAdminApi(scope: Scope): Promise<ConfigSnapshot> {
  let latest: ConfigSnapshot | undefined;
  const source = new AdminApiSource({ listen: '127.0.0.1:0', inMemory: true, announce: () => {} });
  await source.start({ onSnapshot: (s) => (latest = s), onError: (e) => assert.fail(e) });
  try {
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${source.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal(res.status, 201, `${path}: ${await res.text()}`);
    };
    await post('/services', { name: 'hf', host: 'localhost', port: 8080 });
    await post('/services/hf/routes', { name: 'hf-route', paths: ['/hf'] });
    await post('/routes/hf-route/plugins', { name: 'key-auth' });
    await post('/consumers', { username: 'alice' });
    await post('/consumers/alice/key-auth', { key: 'alice-key' });
    await post('/consumer_groups', { name: 'gold' });
    await post('/consumer_groups/gold/consumers', { consumer: 'alice' });
    const seed = SEED.find((s) => s.scope === scope)!;
    const values = { ...SEED_NAMES, $HUGGINGFACE_TOKEN: HF_TOKEN };
    const res = await runCurl(seed.admin, values, { from: /^http:\/\/localhost:8001/, to: source.url! });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return latest!;
  } finally {
    await source.stop();
  }
}

let mockKonnect: Promise<string> | undefined;
function startMockKonnect(): Promise<string> {
  mockKonnect ??= (async () => {
    const bin = fileURLToPath(new URL('../../src/bin/mock-konnect.ts', import.meta.url));
    const p = startProcess(process.execPath, ['--import', 'tsx', bin, '--listen', '127.0.0.1:0', '--in-memory', '--token', KONNECT_TOKEN]);
    const line = await p.waitForLine(/mock-konnect listening on http:\/\/\S+/, 30_000);
    return line.match(/http:\/\/\S+/)![0];
  })();
  return mockKonnect;
}

async function viaKonnect(scope: Scope): Promise<ConfigSnapshot> {
  const url = await startMockKonnect();
  const call = async (path: string, body: unknown): Promise<{ id: string }> => {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KONNECT_TOKEN}` }, body: JSON.stringify(body) });
    const text = await res.text();
    assert.equal(res.status, 201, `${path}: ${text}`);
    return JSON.parse(text) as { id: string };
  };
  const cp = await call('/v2/control-planes', { name: `seed-${scope}` });
  const base = `/v2/control-planes/${cp.id}/core-entities`;
  const service = await call(`${base}/services`, { name: 'hf', host: 'localhost', port: 8080 });
  const route = await call(`${base}/routes`, { name: 'hf-route', paths: ['/hf'], service: { id: service.id } });
  await call(`${base}/plugins`, { name: 'key-auth', route: { id: route.id } });
  const alice = await call(`${base}/consumers`, { username: 'alice' });
  await call(`${base}/consumers/${alice.id}/key-auth`, { key: 'alice-key' });
  const gold = await call(`${base}/consumer_groups`, { name: 'gold' });
  await call(`${base}/consumer_groups/${gold.id}/consumers`, { consumer: alice.id });
  const seed = SEED.find((s) => s.scope === scope)!;
  const values = {
    $HUGGINGFACE_TOKEN: HF_TOKEN, $KONNECT_TOKEN: KONNECT_TOKEN, region: 'us', controlPlaneId: cp.id,
    serviceId: service.id, routeId: route.id, consumerId: alice.id, consumerGroupId: gold.id,
  };
  const res = await runCurl(seed.konnect, values, { from: /^https:\/\/us\.api\.konghq\.com/, to: url });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const source = new KonnectSource({ serverUrl: url, token: KONNECT_TOKEN, controlPlane: `seed-${scope}`, pollIntervalMs: 60_000 });
  try {
    return await source.start(noop);
  } finally {
    await source.stop();
  }
}

/** The route for /hf: an Ingress, or a Gateway API HTTPRoute on a Gateway of KIC's GatewayClass. */
function kicRoute(kind: 'Ingress' | 'HTTPRoute', plugins: string): string {
  if (kind === 'Ingress')
    return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: hf-route
  namespace: kong
  annotations: { konghq.com/plugins: "${plugins}" }
spec:
  ingressClassName: kong
  rules: [{ http: { paths: [{ path: /hf, pathType: Prefix, backend: { service: { name: hf, port: { number: 8080 } } } }] } }]`;
  return `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: { name: kong, annotations: { konghq.com/gatewayclass-unmanaged: "true" } }
spec: { controllerName: konghq.com/kic-gateway-controller }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: kong, namespace: kong }
spec: { gatewayClassName: kong, listeners: [{ name: proxy, port: 80, protocol: HTTP }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: hf-route
  namespace: kong
  annotations: { konghq.com/plugins: "${plugins}" }
spec:
  parentRefs: [{ name: kong }]
  rules:
    - matches: [{ path: { type: PathPrefix, value: /hf } }]
      backendRefs: [{ name: hf, port: 8080 }]`;
}

async function viaKic(scope: Scope, routeKind: 'Ingress' | 'HTTPRoute' = 'Ingress'): Promise<ConfigSnapshot> {
  // The seed's manifest after the shell's expansion, plus what `kubectl annotate` leaves behind.
  const seed = SEED.find((s) => s.scope === scope)!.kic.replaceAll('$HUGGINGFACE_TOKEN', HF_TOKEN);
  const on = (s: Scope) => (scope === s ? ',ai-proxy' : '');
  const dir = await tempDir();
  await writeFile(join(dir, 'seed.yaml'), seed);
  await writeFile(join(dir, 'objects.yaml'), `
apiVersion: configuration.konghq.com/v1
kind: KongPlugin
metadata: { name: key-auth, namespace: kong }
plugin: key-auth
---
apiVersion: v1
kind: Service
metadata:
  name: hf
  namespace: kong
  annotations: { konghq.com/plugins: "x${on('service')}" }
spec: { ports: [{ port: 8080 }] }
---
${kicRoute(routeKind, `key-auth${on('route')}`)}
---
apiVersion: v1
kind: Secret
metadata: { name: alice-key, namespace: kong, labels: { konghq.com/credential: key-auth } }
stringData: { key: alice-key }
---
apiVersion: configuration.konghq.com/v1beta1
kind: KongConsumerGroup
metadata:
  name: gold
  namespace: kong
  annotations: { kubernetes.io/ingress.class: kong, konghq.com/plugins: "x${on('consumer_group')}" }
---
apiVersion: configuration.konghq.com/v1
kind: KongConsumer
metadata:
  name: alice
  namespace: kong
  annotations: { kubernetes.io/ingress.class: kong, konghq.com/plugins: "x${on('consumer')}" }
username: alice
credentials: [alice-key]
consumerGroups: [gold]
`.replaceAll('"x,', '"').replaceAll('konghq.com/plugins: "x"', 'placeholder: "x"'));
  return new KicSource({ path: dir, watch: false }).load();
}

const SYSTEMS = { deck: viaDeck, 'admin-api': viaAdminApi, konnect: viaKonnect, kic: viaKic } as const;
type Build = (scope: Scope) => Promise<ConfigSnapshot>;
/** The systems run for a scope: the four, plus KIC's HTTPRoute form for the route scope. */
const systemsFor = (scope: Scope): [string, Build][] => [
  ...Object.entries(SYSTEMS),
  ...(scope === 'route' ? [['kic (HTTPRoute)', (s: Scope) => viaKic(s, 'HTTPRoute')] as [string, Build]] : []),
];

// The seed's plugin has no upstream_url (it would call Hugging Face). As in the gateway's own
// integration tests, the model is pointed at the local TGI; everything else is the system's output.
function atLocalTgi(s: ConfigSnapshot, tgi: string): ConfigSnapshot {
  const plugins = s.plugins.map((p): Plugin => {
    if (p.name !== 'ai-proxy') return p;
    const config = structuredClone(p.config) as { model: { options: Record<string, unknown> | null } };
    config.model.options = { ...(config.model.options ?? {}), upstream_url: tgi };
    return { ...p, config };
  });
  return { ...s, plugins };
}

/** What the TGI received, minus what legitimately differs per request or per system (ids). */
const VOLATILE = new Set(['x-kong-request-id', 'x-consumer-id', 'x-credential-identifier', 'x-forwarded-port', 'host', 'connection', 'keep-alive']);
function upstreamView(r: { method: string; url: string; bodyBase64: string; authorization: string; headers: Record<string, unknown> }) {
  const headers = Object.fromEntries(Object.entries(r.headers).filter(([k]) => !VOLATILE.has(k)).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { method: r.method, url: r.url, body: r.bodyBase64, authorization: r.authorization, headers };
}

test('the seed\'s ai-proxy at every scope, in every gateway-side system, resolves to the same plugin and sends the same upstream request', async () => {
  const tgi = createMockTgi({ token: HF_TOKEN });
  const tgiUrl = await tgi.listen(0, '127.0.0.1');
  const configs: unknown[] = [];
  const upstream: { label: string; view: unknown }[] = [];
  try {
    for (const { scope } of SEED) {
      for (const [system, build] of systemsFor(scope)) {
        const label = `${system} / ${scope}`;
        const snapshot = await build(scope);
        const got = resolve(snapshot);
        assert.equal(got.scope, EXPECTED_SCOPE[scope], label);
        assert.equal((got.config as { auth: { header_value: string } }).auth.header_value, `Bearer ${HF_TOKEN}`, label);
        configs.push(got.config);

        const served = atLocalTgi(snapshot, tgiUrl);
        const gateway = await startGateway({ origin: served.origin, start: async () => served, stop: async () => {} }, { log: () => {} });
        const base = await gateway.listen('127.0.0.1', 0);
        try {
          for (const op of ['generate', 'generate_stream']) {
            const before = tgi.recorder.list().length;
            const res = await fetch(`${base}/hf/${op}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', apikey: 'alice-key', authorization: 'Bearer client-own' },
              body: '{"inputs":"What is Deep Learning?", "parameters": {"max_new_tokens": 4}}',
            });
            const text = await res.text();
            assert.equal(res.status, 200, `${label} ${op}: ${text}`);
            if (op === 'generate_stream') assert.match(text, /^data:/m, `${label}: a stream`);
            const received = tgi.recorder.list().slice(before);
            assert.equal(received.length, 1, `${label} ${op}: one upstream request`);
            assert.equal(received[0]!.authorization, 'valid', `${label} ${op}: the plugin's token, not the client's`);
            upstream.push({ label: `${label} ${op}`, view: upstreamView(received[0]!) });
          }
        } finally {
          await gateway.close();
        }
      }
    }
  } finally {
    tgi.server.closeAllConnections();
    await new Promise((r) => tgi.server.close(r));
  }
  // Four systems per scope, and KIC's HTTPRoute form as the sixth case.
  assert.equal(configs.length, SEED.length * 4 + 1);
  for (const c of configs) assert.deepEqual(c, configs[0], 'every system and scope yields the same defaults-filled config');
  assert.equal(upstream.length, (SEED.length * 4 + 1) * 2);
  assert.ok(upstream.some((u) => u.label === 'kic (HTTPRoute) / route generate_stream'), 'the HTTPRoute case ran');
  for (const op of ['generate', 'generate_stream']) {
    const same = upstream.filter((u) => u.label.endsWith(` ${op}`));
    for (const u of same) assert.deepEqual(u.view, same[0]!.view, `${u.label} sent the same request as ${same[0]!.label}`);
  }
});
