import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { compilePluginIndex } from '../../plugins/precedence.js';
import { compileConsumerIndex } from '../../consumers/index.js';
import { compileRouter } from '../../router/index.js';
import { KicSource, parseManifests, translateManifests } from './index.js';

const TOKEN = 'hf_test_token_kic';
const seed = readFileSync(new URL('../../../../examples/seed/native-huggingface-api-route.txt', import.meta.url), 'utf8');
// The seed's `echo "…" | kubectl apply -f -` blocks, with the shell's $HUGGINGFACE_TOKEN expansion.
const seedBlocks = [...seed.matchAll(/echo "\n([\s\S]*?)\n" \| kubectl apply -f -/g)].map((m) => m[1]!.replaceAll('$HUGGINGFACE_TOKEN', TOKEN));

// What the seed's `kubectl annotate … konghq.com/plugins=ai-proxy` commands leave behind.
const objects = (annotate: 'service' | 'ingress' | 'httproute' | 'consumer' | 'group' | 'none') => {
  const ann = (kind: typeof annotate) => (annotate === kind ? `\n    konghq.com/plugins: ai-proxy` : '');
  return `
apiVersion: v1
kind: Service
metadata:
  name: hf
  namespace: kong
  annotations:
    kubernetes.io/ingress.class: kong${ann('service')}
spec:
  ports: [{ port: 80 }]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: hf-ingress
  namespace: kong
  annotations:
    placeholder: x${ann('ingress')}
spec:
  ingressClassName: kong
  rules:
    - http:
        paths:
          - path: /ingress
            pathType: Prefix
            backend: { service: { name: hf, port: { number: 80 } } }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: hf-route
  namespace: kong
  annotations:
    placeholder: x${ann('httproute')}
spec:
  parentRefs: [{ name: kong }]
  rules:
    - matches: [{ path: { type: PathPrefix, value: /httproute } }]
      backendRefs: [{ name: hf, port: 80 }]
---
apiVersion: v1
kind: Secret
metadata:
  name: alice-key
  namespace: kong
  labels:
    konghq.com/credential: key-auth
stringData:
  key: alice-secret-key
---
apiVersion: configuration.konghq.com/v1beta1
kind: KongConsumerGroup
metadata:
  name: gold
  namespace: kong
  annotations:
    kubernetes.io/ingress.class: kong${ann('group')}
---
apiVersion: configuration.konghq.com/v1
kind: KongConsumer
metadata:
  name: alice
  namespace: kong
  annotations:
    kubernetes.io/ingress.class: kong${ann('consumer')}
username: alice
credentials: [alice-key]
consumerGroups: [gold]
`;
};

function translate(text: string) {
  return translateManifests(parseManifests(text, 'test.yaml'), { parseYaml });
}

test('the seed has one KongClusterPlugin and four KongPlugin blocks', () => {
  assert.equal(seedBlocks.length, 5);
  assert.match(seedBlocks[0]!, /kind: KongClusterPlugin/);
});

test('each of the seed\'s KIC scopes translates to the ai-proxy instance Kong would run', () => {
  const cases = [
    { block: 0, annotate: 'none', scope: 'global' },
    { block: 1, annotate: 'service', scope: 'service' },
    { block: 2, annotate: 'ingress', scope: 'route' },
    { block: 2, annotate: 'httproute', scope: 'route' },
    { block: 3, annotate: 'consumer', scope: 'consumer' },
    { block: 4, annotate: 'group', scope: 'consumer group' },
  ] as const;
  for (const c of cases) {
    const result = translate(`${seedBlocks[c.block]}\n---\n${objects(c.annotate)}`);
    assert.ok('entities' in result, `${c.annotate}: ${'errors' in result ? result.errors.join('; ') : ''}`);
    const e = result.entities;
    const ai = e.plugins.filter((p) => p.name === 'ai-proxy');
    // The k8s Service backs both the Ingress and the HTTPRoute: two Kong services, one instance each.
    assert.equal(ai.length, c.annotate === 'service' ? 2 : 1, c.annotate);
    for (const p of ai) assert.deepEqual(p.config, {
      route_type: 'llm/v1/chat',
      genai_category: 'text/generation',
      llm_format: 'huggingface',
      auth: { header_name: 'Authorization', header_value: `Bearer ${TOKEN}` },
      model: { provider: 'huggingface', name: 'HuggingFaceTB/SmolVLM-Base' },
    });
    // Resolve for alice on the annotated path.
    const kind = c.annotate === 'httproute' ? 'HTTPRoute' : 'Ingress';
    const route = e.routes.find((r) => r.tags?.includes(`k8s-kind:${kind}`))!;
    const consumers = compileConsumerIndex({ ...e });
    const alice = consumers.byKey('alice-secret-key')!.consumer;
    const idx = compilePluginIndex({ ...e });
    const got = idx.resolve('ai-proxy', { routeId: route.id, serviceId: route.service!.id, consumerId: alice.id, consumerGroupIds: consumers.groupIdsOf(alice.id) });
    assert.equal(got?.scope, c.scope, c.annotate);
    assert.ok(ai.includes(got!.plugin));
  }
});

test('an HTTPRoute\'s path matches become the Kong paths KIC writes: PathPrefix takes whole segments (/hf, /hf/…, never /hfoo)', () => {
  const result = translate(`
apiVersion: v1
kind: Service
metadata: { name: hf, namespace: kong }
spec: { ports: [{ port: 80 }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: r, namespace: kong }
spec:
  parentRefs: [{ name: kong }]
  hostnames: [any.example]
  rules:
    - matches:
        - path: { type: PathPrefix, value: /hf }
        - path: { type: PathPrefix, value: /dir/ }
        - path: { type: Exact, value: /exact }
        - path: { type: RegularExpression, value: "/re/[0-9]+" }
        - method: GET
      backendRefs: [{ name: hf, port: 80 }]
    - backendRefs: [{ name: hf, port: 80 }]
`);
  assert.ok('entities' in result, 'errors' in result ? result.errors.join('; ') : '');
  const paths = Object.fromEntries(result.entities.routes.map((r) => [r.name, r.paths]));
  assert.deepEqual(paths, {
    'httproute.kong.r.0.0': ['~/hf$', '/hf/'],
    'httproute.kong.r.0.1': ['~/dir/$', '/dir/'],
    'httproute.kong.r.0.2': ['~/exact$'],
    'httproute.kong.r.0.3': ['~/re/[0-9]+'],
    // No path in the match: the API server's default, PathPrefix /.
    'httproute.kong.r.0.4': ['~/$', '/'],
    // No matches at all: every path on the route's hostnames.
    'httproute.kong.r.1.0': null,
  });
  const { router, errors } = compileRouter(result.entities.routes, result.entities.services);
  assert.deepEqual(errors, []);
  const at = (path: string, method = 'POST', host = 'any.example') => router.match({ method, host, path, headers: {} })?.route.name ?? null;
  assert.equal(at('/hf'), 'httproute.kong.r.0.0');
  assert.equal(at('/hf/generate'), 'httproute.kong.r.0.0');
  assert.equal(at('/hfoo'), 'httproute.kong.r.1.0', '/hfoo is not under PathPrefix /hf: only the catch-all rule takes it');
  assert.equal(at('/exact'), 'httproute.kong.r.0.2');
  assert.equal(at('/exact/more'), 'httproute.kong.r.1.0');
  assert.equal(at('/re/42'), 'httproute.kong.r.0.3');
  assert.equal(at('/hfoo', 'GET'), 'httproute.kong.r.0.4');
  assert.equal(at('/hf', 'POST', 'other.example'), null, 'hostnames still apply');
});

test('Ingress paths become the Kong paths KIC writes: Prefix is segment-wise, Exact anchored, ImplementationSpecific a plain prefix', () => {
  const result = translate(`
apiVersion: v1
kind: Service
metadata: { name: hf, namespace: kong }
spec: { ports: [{ port: 80 }] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: i, namespace: kong, annotations: { kubernetes.io/ingress.class: kong } }
spec:
  ingressClassName: kong
  rules:
    - http:
        paths:
          - { path: /hf, pathType: Prefix, backend: { service: { name: hf, port: { number: 80 } } } }
          - { path: /exact, pathType: Exact, backend: { service: { name: hf, port: { number: 80 } } } }
          - { path: /impl, pathType: ImplementationSpecific, backend: { service: { name: hf, port: { number: 80 } } } }
          - { path: /, pathType: Prefix, backend: { service: { name: hf, port: { number: 80 } } } }
`);
  assert.ok('entities' in result, 'errors' in result ? result.errors.join('; ') : '');
  assert.deepEqual(result.entities.routes.map((r) => r.paths), [['/hf/', '~/hf$'], ['~/exact$'], ['/impl'], ['/']]);
  const { router, errors } = compileRouter(result.entities.routes, result.entities.services);
  assert.deepEqual(errors, []);
  const at = (path: string) => {
    const r = router.match({ method: 'POST', host: 'any.example', path, headers: {} })?.route;
    return r ? result.entities.routes.indexOf(r as never) : null;
  };
  assert.equal(at('/hf'), 0);
  assert.equal(at('/hf/generate'), 0);
  assert.equal(at('/hfoo'), 3, '/hfoo is not under Prefix /hf: only the / rule takes it');
  assert.equal(at('/implx'), 2, 'ImplementationSpecific is a plain Kong prefix');
});

test('an HTTPRoute is served only on a Gateway of KIC\'s GatewayClass; otherwise skipped with a warning saying why', () => {
  const gateways = `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: { name: kong }
spec: { controllerName: konghq.com/kic-gateway-controller }
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: { name: other }
spec: { controllerName: example.com/other-controller }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: kong, namespace: kong }
spec: { gatewayClassName: kong, listeners: [{ name: proxy, port: 80, protocol: HTTP }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: other, namespace: infra }
spec: { gatewayClassName: other, listeners: [{ name: proxy, port: 80, protocol: HTTP }] }
`;
  const httpRoute = (name: string, parentRefs: string) => `
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: ${name}, namespace: kong }
spec:
  parentRefs: ${parentRefs}
  rules: [{ matches: [{ path: { type: PathPrefix, value: /${name} } }], backendRefs: [{ name: hf, port: 80 }] }]`;
  const result = translate(
    gateways +
      httpRoute('on-kong', '[{ name: kong }]') +
      httpRoute('on-both', '[{ name: other, namespace: infra }, { name: kong }]') +
      httpRoute('unlisted-gateway', '[{ name: elsewhere }]') +
      httpRoute('on-other', '[{ name: other, namespace: infra }]') +
      httpRoute('no-parent', '[]'),
  );
  assert.ok('entities' in result, 'errors' in result ? result.errors.join('; ') : '');
  assert.deepEqual(result.entities.routes.map((r) => r.name).sort(), ['httproute.kong.on-both.0.0', 'httproute.kong.on-kong.0.0', 'httproute.kong.unlisted-gateway.0.0']);
  const warnings = result.warnings.join('\n');
  assert.match(warnings, /HTTPRoute kong\/on-other: its parent Gateway infra\/other \(GatewayClass other, controllerName example.com\/other-controller\) is not KIC's; .*controllerName konghq.com\/kic-gateway-controller; skipped/);
  assert.match(warnings, /HTTPRoute kong\/no-parent: spec.parentRefs names no Gateway; .*add parentRefs: \[\{ name: <gateway> \}\]\); skipped/);
});

test('a KongClusterPlugin without the ingress-class annotation is ignored, with a warning saying what to add', () => {
  const block = seedBlocks[0]!.replace('kubernetes.io/ingress.class: kong', 'other: x');
  const result = translate(`${block}\n---\n${objects('none')}`);
  assert.ok('entities' in result);
  assert.equal(result.entities.plugins.length, 0);
  assert.match(result.warnings.join('\n'), /KongClusterPlugin ai-proxy: no kubernetes.io\/ingress.class annotation.*add kubernetes.io\/ingress.class: kong/);
});

test('a plugin on both a consumer and a route becomes one consumer+route instance, as KIC does', () => {
  const text = `${seedBlocks[2]}\n---\n${objects('consumer').replace('placeholder: x\nspec:\n  ingressClassName', 'konghq.com/plugins: ai-proxy\nspec:\n  ingressClassName')}`;
  const result = translate(text);
  assert.ok('entities' in result);
  const [p, ...rest] = result.entities.plugins;
  assert.equal(rest.length, 0);
  assert.ok(p!.consumer && p!.route && !p!.service);
});

test('configFrom reads the config from a Secret; KIC\'s messages for a missing Secret or key, and for config + configFrom', () => {
  const plugin = (extra: string) => `
apiVersion: configuration.konghq.com/v1
kind: KongPlugin
metadata: { name: ai-proxy, namespace: kong }
plugin: ai-proxy
${extra}
---
${objects('service')}`;
  const secret = `
---
apiVersion: v1
kind: Secret
metadata: { name: hf-config, namespace: kong }
data:
  config: ${Buffer.from(`route_type: llm/v1/chat\nmodel: { provider: huggingface }\n`).toString('base64')}
`;
  const ok = translate(plugin('configFrom: { secretKeyRef: { name: hf-config, key: config } }') + secret);
  assert.ok('entities' in ok);
  assert.deepEqual(ok.entities.plugins[0]!.config, { route_type: 'llm/v1/chat', model: { provider: 'huggingface' } });

  const missing = translate(plugin('configFrom: { secretKeyRef: { name: hf-config, key: config } }'));
  assert.ok('errors' in missing);
  assert.match(missing.errors[0]!, /error parsing config for KongPlugin 'ai-proxy\/kong': error fetching plugin configuration secret 'kong\/hf-config'/);

  const noKey = translate(plugin('configFrom: { secretKeyRef: { name: hf-config, key: other } }') + secret);
  assert.ok('errors' in noKey);
  assert.match(noKey.errors[0]!, /no key 'other' in secret 'kong\/hf-config'/);

  const both = translate(plugin('config: { route_type: llm/v1/chat }\nconfigFrom: { secretKeyRef: { name: hf-config, key: config } }') + secret);
  assert.ok('errors' in both);
  assert.match(both.errors[0]!, /KongPlugin kong\/ai-proxy \(test\.yaml, document 1\): Using both config and configFrom fields is not allowed\./);
});

test('an annotation naming no plugin is an error naming the object', () => {
  const result = translate(objects('service'));
  assert.ok('errors' in result);
  assert.match(result.errors[0]!, /Service kong\/hf .*konghq.com\/plugins names 'ai-proxy': no KongPlugin or KongClusterPlugin was found/);
});

test('the source loads a directory, rejects bad edits with the reason and keeps ids stable across loads', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kic-'));
  try {
    await writeFile(join(dir, 'a-plugin.yaml'), seedBlocks[1]!);
    await writeFile(join(dir, 'b-objects.yml'), objects('service'));
    const source = new KicSource({ path: dir, watch: false });
    const first = await source.load();
    const second = await source.load();
    assert.equal(first.origin.kind, 'kic');
    assert.equal(second.revision, first.revision + 1);
    assert.deepEqual(first.plugins.map((p) => p.id), second.plugins.map((p) => p.id));
    assert.equal(first.plugins[0]!.service?.id, first.services[0]!.id);

    const rejecting = new KicSource({ path: dir, watch: false, preparePlugin: () => ({ error: 'schema violation (config.route_type: required field missing)' }) });
    await assert.rejects(rejecting.load(), /KongPlugin kong\/ai-proxy: schema violation \(config.route_type: required field missing\)/);
    await assert.rejects(new KicSource({ path: join(dir, 'nope') }).load(), /--kic .*nope: no such file or directory/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
