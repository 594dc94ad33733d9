// The five systems of the seed, each making the configuration for one scope and saying how to run
// ai-gateway on it: Terraform (examples/terraform/<scope>, applied by the real CLI beforehand) and
// the Konnect API (the seed's curl) both through the mock Konnect; the Kong Admin API (the seed's
// curl against the gateway's own admin listener); decK (the seed's kong.yaml block); KIC (the
// seed's manifest plus what `kubectl annotate` leaves behind: on an Ingress, or for the route
// scope also on an HTTPRoute — the seed's sixth case).
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SEED, SEED_NAMES, deckEnvironment, fillDeckNames, runCurl, type Scope } from '../gateway/seed.js';
import { jsonWithUpstream, yamlWithUpstream } from './config-text.js';
import type { KonnectApi } from './konnect-api.js';

export const SYSTEMS = ['terraform', 'konnect', 'admin-api', 'deck', 'kic'] as const;
export type System = (typeof SYSTEMS)[number];

export interface Launch {
  /** ai-gateway's source flags. */
  readonly source: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Runs once the gateway listens (the Admin API system configures it then). */
  readonly afterStart?: (listeners: Readonly<Record<string, string>>) => Promise<void>;
}

export interface Context {
  readonly scope: Scope;
  readonly dir: string;
  readonly hfToken: string;
  readonly konnectToken: string;
  readonly tgiUrl: string;
  readonly konnect: KonnectApi;
  /** Terraform's control plane for this scope (applied before the matrix runs). */
  readonly terraformControlPlane?: string;
  /** KIC only: which object `kubectl annotate` puts the route-scoped plugin on (default Ingress). */
  readonly kicRoute?: KicRoute;
}

/** The seed's two route-scope annotate commands: `kubectl annotate -n kong ingress|httproute …`. */
export type KicRoute = 'Ingress' | 'HTTPRoute';

const seedOf = (scope: Scope) => SEED.find((s) => s.scope === scope)!;

async function terraform(c: Context): Promise<Launch> {
  if (!c.terraformControlPlane) throw new Error('terraform: no control plane applied for this scope');
  return {
    source: ['--konnect-url', c.konnect.url, '--control-plane', c.terraformControlPlane, '--poll-interval', '60s'],
    env: { KONNECT_TOKEN: c.konnectToken },
  };
}

async function konnect(c: Context): Promise<Launch> {
  const name = `matrix-konnect-${c.scope}`;
  const cp = await c.konnect.call('POST', '/v2/control-planes', { name });
  const ids = await c.konnect.completeEnvironment(cp.id, { host: '127.0.0.1', port: Number(new URL(c.tgiUrl).port) });
  const seed = seedOf(c.scope).konnect;
  const values = { ...ids, region: 'us', $HUGGINGFACE_TOKEN: c.hfToken, $KONNECT_TOKEN: c.konnectToken };
  const res = await runCurl({ ...seed, data: jsonWithUpstream(seed.data, c.tgiUrl) }, values, { from: /^https:\/\/us\.api\.konghq\.com/, to: c.konnect.url });
  if (res.status !== 201) throw new Error(`the seed's Konnect curl (${c.scope}): ${res.status} ${JSON.stringify(res.body)}`);
  return { source: ['--konnect-url', c.konnect.url, '--control-plane', name, '--poll-interval', '60s'], env: { KONNECT_TOKEN: c.konnectToken } };
}

async function adminApi(c: Context): Promise<Launch> {
  // Durable (LMDB), so `ai-gateway explain --admin-listen … --data DIR` reads the same entities.
  return {
    source: ['--admin-listen', '127.0.0.1:0', '--data', join(c.dir, `admin-${c.scope}`)],
    afterStart: async (listeners) => {
      const admin = listeners['admin-api']!;
      const post = async (path: string, body: unknown) => {
        const res = await fetch(`${admin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        if (res.status !== 201) throw new Error(`Admin API POST ${path}: ${res.status} ${await res.text()}`);
      };
      await post('/services', { name: 'hf', host: '127.0.0.1', port: Number(new URL(c.tgiUrl).port) });
      await post('/services/hf/routes', { name: 'hf-route', paths: ['/hf'] });
      await post('/routes/hf-route/plugins', { name: 'key-auth' });
      await post('/consumers', { username: 'alice' });
      await post('/consumers/alice/key-auth', { key: 'alice-key' });
      await post('/consumer_groups', { name: 'gold' });
      await post('/consumer_groups/gold/consumers', { consumer: 'alice' });
      const seed = seedOf(c.scope).admin;
      const res = await runCurl({ ...seed, data: jsonWithUpstream(seed.data, c.tgiUrl) }, { ...SEED_NAMES, $HUGGINGFACE_TOKEN: c.hfToken }, { from: /^http:\/\/localhost:8001/, to: admin });
      if (res.status !== 201) throw new Error(`the seed's Admin API curl (${c.scope}): ${res.status} ${JSON.stringify(res.body)}`);
    },
  };
}

async function deck(c: Context): Promise<Launch> {
  const block = fillDeckNames(yamlWithUpstream(seedOf(c.scope).deck, c.tgiUrl));
  const file = join(c.dir, `kong-${c.scope}.yaml`);
  await writeFile(file, `${block}\n${deckEnvironment('127.0.0.1', new URL(c.tgiUrl).port)}`);
  return { source: ['--config', file], env: { DECK_HUGGINGFACE_TOKEN: c.hfToken } };
}

/** The route for /hf as an Ingress (ingress class kong) or as a Gateway API HTTPRoute attached to
 *  a Gateway of KIC's GatewayClass (controller konghq.com/kic-gateway-controller, unmanaged as in
 *  KIC's own Gateway API guide), with the route-scope annotation on it. */
function routeObjects(kind: KicRoute, port: string, annotations: string): string {
  if (kind === 'Ingress')
    return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: hf-route
  namespace: kong
  annotations:
    kubernetes.io/ingress.class: kong${annotations}
spec:
  ingressClassName: kong
  rules: [{ http: { paths: [{ path: /hf, pathType: Prefix, backend: { service: { name: hf, port: { number: ${port} } } } }] } }]`;
  return `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: kong
  annotations:
    konghq.com/gatewayclass-unmanaged: "true"
spec:
  controllerName: konghq.com/kic-gateway-controller
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: kong, namespace: kong }
spec:
  gatewayClassName: kong
  listeners: [{ name: proxy, port: 80, protocol: HTTP }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: hf-route
  namespace: kong
  annotations:${annotations}
spec:
  parentRefs: [{ name: kong }]
  rules:
    - matches: [{ path: { type: PathPrefix, value: /hf } }]
      backendRefs: [{ name: hf, port: ${port} }]`;
}

async function kic(c: Context): Promise<Launch> {
  const routeKind = c.kicRoute ?? 'Ingress';
  const dir = join(c.dir, `kic-${c.scope}${routeKind === 'HTTPRoute' ? '-httproute' : ''}`);
  const port = new URL(c.tgiUrl).port;
  await mkdir(dir, { recursive: true });
  // The seed's manifest after the shell expanded $HUGGINGFACE_TOKEN (the `echo "…"` does that).
  await writeFile(join(dir, 'seed.yaml'), yamlWithUpstream(seedOf(c.scope).kic, c.tgiUrl).replaceAll('$HUGGINGFACE_TOKEN', c.hfToken));
  // What `kubectl annotate … konghq.com/plugins=ai-proxy` leaves on the scoped object.
  const plugins = (s: Scope, others: string[] = []) => [...others, ...(c.scope === s ? ['ai-proxy'] : [])].join(',');
  const annotations = (s: Scope, others: string[] = []) => (plugins(s, others) ? `\n    konghq.com/plugins: "${plugins(s, others)}"` : '');
  await writeFile(
    join(dir, 'objects.yaml'),
    `apiVersion: configuration.konghq.com/v1
kind: KongPlugin
metadata: { name: key-auth, namespace: kong }
plugin: key-auth
---
apiVersion: v1
kind: Service
metadata:
  name: hf
  namespace: kong
  annotations:
    kubernetes.io/ingress.class: kong${annotations('service')}
spec: { ports: [{ port: ${port} }] }
---
${routeObjects(routeKind, port, annotations('route', ['key-auth']))}
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
  annotations:
    kubernetes.io/ingress.class: kong${annotations('consumer_group')}
---
apiVersion: configuration.konghq.com/v1
kind: KongConsumer
metadata:
  name: alice
  namespace: kong
  annotations:
    kubernetes.io/ingress.class: kong${annotations('consumer')}
username: alice
credentials: [alice-key]
consumerGroups: [gold]
`,
  );
  return { source: ['--kic', dir] };
}

export const BUILD: Record<System, (c: Context) => Promise<Launch>> = { terraform, konnect, 'admin-api': adminApi, deck, kic };
