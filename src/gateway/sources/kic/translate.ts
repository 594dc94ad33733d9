// Kubernetes objects → Kong entities, the way KIC translates them (reference ai-proxy.md §10):
// Ingress and HTTPRoute rules become routes (an HTTPRoute only on a Gateway of KIC's
// GatewayClass, gateway-api.ts), their backends become services (one per backend Service and
// port), KongConsumer / KongConsumerGroup become consumers and groups (key-auth credentials from
// Secrets labelled `konghq.com/credential: key-auth`), and `konghq.com/plugins` annotations
// attach KongPlugins — a plugin on both a consumer (or group) and a route/service becomes one
// combined-scope instance per pair, as KIC does. KongClusterPlugins labelled `global: "true"`
// with the ingress-class annotation are global.
import type { Consumer, ConsumerGroup, ConsumerGroupMembership, KeyAuthCredential, Plugin, Route, Service } from '../../../schemas/entities.js';
import type { SnapshotEntities, UnattachedPlugin } from '../../config/snapshot.js';
import { httpRoutePaths, ingressPaths, notServedReason } from './gateway-api.js';
import { stableId } from './ids.js';
import type { Manifest } from './manifests.js';
import { collectSecrets, renderPlugin, type RenderedPlugin } from './plugins.js';
import { attachCommands } from './unattached.js';
import { unexpandedCredentialWarnings } from './unexpanded.js';

/** What the manifests translate to (plugin configs as rendered, not yet schema-validated). */
export type KicEntities = SnapshotEntities;

export interface KicOptions {
  /** The ingress class this gateway stands in for (default "kong"). */
  readonly ingressClass?: string;
  readonly parseYaml: (text: string) => unknown;
}

export type KicResult =
  | { readonly entities: KicEntities; readonly warnings: string[]; readonly unattached: UnattachedPlugin[] }
  | { readonly errors: string[]; readonly warnings: string[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const INGRESS_CLASS = 'kubernetes.io/ingress.class';
const PLUGINS = 'konghq.com/plugins';

interface Attachments {
  consumers: string[];
  groups: string[];
  routes: string[];
  services: string[];
}

export function translateManifests(manifests: readonly Manifest[], opts: KicOptions): KicResult {
  const ingressClass = opts.ingressClass ?? 'kong';
  const errors: string[] = [];
  const warnings: string[] = [];
  const now = Math.floor(Date.now() / 1000);
  const ns = (m: Manifest) => m.metadata.namespace ?? 'default';
  const secrets = collectSecrets(manifests);
  const of = (kind: string) => manifests.filter((m) => m.kind === kind);
  const k8sServices = new Map(of('Service').map((m) => [`${ns(m)}/${m.metadata.name}`, m] as const));

  const services = new Map<string, Service>();
  const routes: Route[] = [];
  const consumers: Consumer[] = [];
  const groups = new Map<string, ConsumerGroup>();
  const members: ConsumerGroupMembership[] = [];
  const credentials: KeyAuthCredential[] = [];
  const unattached: UnattachedPlugin[] = [];
  // plugin manifest key ("ns/name" or "cluster/name") -> the entities it is attached to
  const attached = new Map<string, Attachments>();

  const pluginKeyFor = (namespace: string, name: string): string | undefined => {
    if (manifests.some((m) => m.kind === 'KongPlugin' && ns(m) === namespace && m.metadata.name === name)) return `${namespace}/${name}`;
    if (manifests.some((m) => m.kind === 'KongClusterPlugin' && m.metadata.name === name)) return `cluster/${name}`;
    return undefined;
  };
  const attach = (m: Manifest, slot: keyof Attachments, entityId: string) => {
    const list = (m.metadata.annotations[PLUGINS] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    for (const name of list) {
      const key = pluginKeyFor(ns(m), name);
      if (!key) {
        errors.push(`${m.kind} ${ns(m)}/${m.metadata.name} (${m.where}): annotation ${PLUGINS} names '${name}': no KongPlugin or KongClusterPlugin was found`);
        continue;
      }
      let a = attached.get(key);
      if (!a) attached.set(key, (a = { consumers: [], groups: [], routes: [], services: [] }));
      if (!a[slot].includes(entityId)) a[slot].push(entityId);
    }
  };
  const classOk = (m: Manifest, specClass?: unknown): boolean => {
    const c = typeof specClass === 'string' ? specClass : m.metadata.annotations[INGRESS_CLASS];
    return c === undefined || c === ingressClass;
  };

  /** The Kong service for a backend Service + port, created on first use. */
  const backend = (from: Manifest, namespace: string, name: unknown, port: unknown, kongName: string): Service | undefined => {
    const svc = k8sServices.get(`${namespace}/${String(name)}`);
    if (!svc) warnings.push(`${from.kind} ${ns(from)}/${from.metadata.name}: backend Service ${namespace}/${String(name)} is not in the manifests; service-scoped plugins on it cannot apply`);
    const portNumber = typeof port === 'number' ? port : 80;
    const id = stableId('service', kongName);
    let s = services.get(id);
    if (!s) {
      s = {
        id, name: kongName, protocol: 'http', host: `${String(name)}.${namespace}.svc`, port: portNumber, path: '/',
        retries: 5, connect_timeout: 60000, write_timeout: 60000, read_timeout: 60000,
        tags: [`k8s-name:${String(name)}`, `k8s-namespace:${namespace}`, 'k8s-kind:Service'],
        client_certificate: null, tls_verify: null, tls_verify_depth: null, ca_certificates: null,
        enabled: true, created_at: now, updated_at: now,
      };
      services.set(id, s);
      if (svc) attach(svc, 'services', id);
    }
    return s;
  };
  const route = (from: Manifest, name: string, service: Service | undefined, fields: Partial<Route>): void => {
    const a = from.metadata.annotations;
    const r: Route = {
      id: stableId('route', name), name,
      protocols: a['konghq.com/protocols'] ? a['konghq.com/protocols'].split(',').map((s) => s.trim()) : ['http', 'https'],
      methods: a['konghq.com/methods'] ? a['konghq.com/methods'].split(',').map((s) => s.trim().toUpperCase()) : null,
      hosts: null, paths: null, headers: null, https_redirect_status_code: 426, regex_priority: 0,
      strip_path: a['konghq.com/strip-path'] === 'true', path_handling: 'v0',
      preserve_host: a['konghq.com/preserve-host'] !== 'false',
      request_buffering: true, response_buffering: true, snis: null, sources: null, destinations: null,
      tags: [`k8s-name:${from.metadata.name}`, `k8s-namespace:${ns(from)}`, `k8s-kind:${from.kind}`],
      service: service ? { id: service.id } : null, created_at: now, updated_at: now,
      ...fields,
    };
    routes.push(r);
    attach(from, 'routes', r.id);
  };

  for (const m of of('Ingress')) {
    const spec = isObject(m.raw['spec']) ? m.raw['spec'] : {};
    if (!classOk(m, spec['ingressClassName'])) {
      warnings.push(`Ingress ${ns(m)}/${m.metadata.name}: ingress class is not '${ingressClass}'; skipped`);
      continue;
    }
    const rules = Array.isArray(spec['rules']) ? spec['rules'] : [];
    rules.forEach((rule: unknown, i) => {
      if (!isObject(rule)) return;
      const http = isObject(rule['http']) ? rule['http'] : {};
      const paths = Array.isArray(http['paths']) ? http['paths'] : [];
      paths.forEach((p: unknown, j) => {
        if (!isObject(p) || !isObject(p['backend']) || !isObject(p['backend']['service'])) return;
        const b = p['backend']['service'];
        const port = isObject(b['port']) ? b['port']['number'] : undefined;
        const svc = backend(m, ns(m), b['name'], port, `${ns(m)}.${String(b['name'])}.${typeof port === 'number' ? port : 80}`);
        const path = typeof p['path'] === 'string' ? p['path'] : '/';
        route(m, `${ns(m)}.${m.metadata.name}.${i}${j}`, svc, {
          paths: ingressPaths(p['pathType'], path),
          hosts: typeof rule['host'] === 'string' ? [rule['host']] : null,
        });
      });
    });
  }

  for (const m of of('HTTPRoute')) {
    const notServed = notServedReason(m, manifests);
    if (notServed) {
      warnings.push(`HTTPRoute ${ns(m)}/${m.metadata.name}: ${notServed}; skipped`);
      continue;
    }
    const spec = isObject(m.raw['spec']) ? m.raw['spec'] : {};
    const hostnames = Array.isArray(spec['hostnames']) && spec['hostnames'].length ? spec['hostnames'].map(String) : null;
    const rules = Array.isArray(spec['rules']) ? spec['rules'] : [];
    rules.forEach((rule: unknown, i) => {
      if (!isObject(rule)) return;
      const refs = Array.isArray(rule['backendRefs']) ? rule['backendRefs'].filter(isObject) : [];
      if (refs.length > 1) warnings.push(`HTTPRoute ${ns(m)}/${m.metadata.name} rule ${i}: only the first of ${refs.length} backendRefs is used (no load balancing here)`);
      const ref = refs[0];
      const svc = ref ? backend(m, typeof ref['namespace'] === 'string' ? ref['namespace'] : ns(m), ref['name'], ref['port'], `httproute.${ns(m)}.${m.metadata.name}.${i}`) : undefined;
      // ExtensionRef filters naming a KongPlugin attach it to this rule's routes.
      const filters = Array.isArray(rule['filters']) ? rule['filters'].filter(isObject) : [];
      const extra = filters
        .filter((f) => f['type'] === 'ExtensionRef' && isObject(f['extensionRef']) && f['extensionRef']['kind'] === 'KongPlugin')
        .map((f) => String((f['extensionRef'] as Record<string, unknown>)['name']));
      const from: Manifest = extra.length
        ? { ...m, metadata: { ...m.metadata, annotations: { ...m.metadata.annotations, [PLUGINS]: [m.metadata.annotations[PLUGINS], ...extra].filter(Boolean).join(',') } } }
        : m;
      // A rule without matches takes every path on the hostnames (KIC: a route without paths).
      const anyPath = !(Array.isArray(rule['matches']) && rule['matches'].length);
      const matches: Record<string, unknown>[] = anyPath ? [{}] : (rule['matches'] as unknown[]).filter(isObject);
      matches.forEach((match, j) => {
        // A match without `path` gets the API server's default, PathPrefix `/`.
        const path = isObject(match['path']) ? match['path'] : {};
        const value = typeof path['value'] === 'string' ? path['value'] : '/';
        const type = typeof path['type'] === 'string' ? path['type'] : 'PathPrefix';
        const headers = Array.isArray(match['headers'])
          ? Object.fromEntries(match['headers'].filter(isObject).map((h) => [String(h['name']), [String(h['value'])]]))
          : null;
        route(from, `httproute.${ns(m)}.${m.metadata.name}.${i}.${j}`, svc, {
          paths: anyPath ? null : httpRoutePaths(type, value),
          hosts: hostnames,
          methods: typeof match['method'] === 'string' ? [match['method']] : null,
          headers: headers && Object.keys(headers).length ? headers : null,
        });
      });
    });
  }

  for (const m of of('KongConsumerGroup')) {
    if (!classOk(m)) {
      warnings.push(`KongConsumerGroup ${ns(m)}/${m.metadata.name}: ingress class is not '${ingressClass}'; skipped`);
      continue;
    }
    const spec = isObject(m.raw['spec']) ? m.raw['spec'] : {};
    const name = typeof spec['name'] === 'string' && spec['name'] ? spec['name'] : m.metadata.name;
    const g: ConsumerGroup = { id: stableId('consumer_group', ns(m), m.metadata.name), name, tags: [`k8s-name:${m.metadata.name}`, `k8s-namespace:${ns(m)}`, 'k8s-kind:KongConsumerGroup'], created_at: now, updated_at: now };
    groups.set(`${ns(m)}/${m.metadata.name}`, g);
    attach(m, 'groups', g.id);
  }

  for (const m of of('KongConsumer')) {
    if (!classOk(m)) {
      warnings.push(`KongConsumer ${ns(m)}/${m.metadata.name}: ingress class is not '${ingressClass}'; skipped (add the annotation ${INGRESS_CLASS}: ${ingressClass})`);
      continue;
    }
    const username = typeof m.raw['username'] === 'string' ? m.raw['username'] : null;
    const customId = typeof m.raw['custom_id'] === 'string' ? m.raw['custom_id'] : null;
    if (!username && !customId) {
      errors.push(`KongConsumer ${ns(m)}/${m.metadata.name} (${m.where}): username or custom_id is required`);
      continue;
    }
    const c: Consumer = { id: stableId('consumer', ns(m), m.metadata.name), username, custom_id: customId, tags: [`k8s-name:${m.metadata.name}`, `k8s-namespace:${ns(m)}`, 'k8s-kind:KongConsumer'], created_at: now, updated_at: now };
    consumers.push(c);
    attach(m, 'consumers', c.id);
    for (const secretName of Array.isArray(m.raw['credentials']) ? m.raw['credentials'].map(String) : []) {
      const secretManifest = manifests.find((s) => s.kind === 'Secret' && ns(s) === ns(m) && s.metadata.name === secretName);
      const values = secrets.get(`${ns(m)}/${secretName}`);
      if (!secretManifest || !values) {
        errors.push(`KongConsumer ${ns(m)}/${m.metadata.name} (${m.where}): credential Secret ${ns(m)}/${secretName} not found`);
        continue;
      }
      const type = secretManifest.metadata.labels['konghq.com/credential'] ?? values['kongCredType'];
      if (type !== 'key-auth') {
        warnings.push(`KongConsumer ${ns(m)}/${m.metadata.name}: credential Secret ${secretName} is '${type ?? 'untyped'}', only key-auth is supported here; ignored`);
        continue;
      }
      if (!values['key']) {
        errors.push(`KongConsumer ${ns(m)}/${m.metadata.name}: key-auth credential Secret ${ns(m)}/${secretName} has no 'key'`);
        continue;
      }
      credentials.push({ id: stableId('key-auth', ns(m), secretName), key: values['key'], consumer: { id: c.id }, tags: null, ttl: null, created_at: now });
    }
    for (const groupName of Array.isArray(m.raw['consumerGroups']) ? m.raw['consumerGroups'].map(String) : []) {
      const g = groups.get(`${ns(m)}/${groupName}`);
      if (!g) errors.push(`KongConsumer ${ns(m)}/${m.metadata.name} (${m.where}): consumerGroups names '${groupName}', but no KongConsumerGroup ${ns(m)}/${groupName} exists`);
      else members.push({ consumer: { id: c.id }, consumer_group: { id: g.id } });
    }
  }

  // Render every referenced or global plugin, then expand attachments into instances.
  const plugins: Plugin[] = [];
  const instance = (r: RenderedPlugin, key: string, refs: Partial<Record<'route' | 'service' | 'consumer' | 'consumer_group', string>>): Plugin => ({
    id: stableId('plugin', key, refs.route ?? '', refs.service ?? '', refs.consumer ?? '', refs.consumer_group ?? ''),
    name: r.name, instance_name: r.instance_name, config: r.config, enabled: r.enabled,
    protocols: r.protocols ?? ['grpc', 'grpcs', 'http', 'https'],
    route: refs.route ? { id: refs.route } : null, service: refs.service ? { id: refs.service } : null,
    consumer: refs.consumer ? { id: refs.consumer } : null, consumer_group: refs.consumer_group ? { id: refs.consumer_group } : null,
    tags: [...r.tags], ordering: r.ordering, partials: null, created_at: now, updated_at: now,
  });
  for (const m of [...of('KongPlugin'), ...of('KongClusterPlugin')]) {
    const cluster = m.kind === 'KongClusterPlugin';
    const key = cluster ? `cluster/${m.metadata.name}` : `${ns(m)}/${m.metadata.name}`;
    const global = cluster && m.metadata.labels['global'] === 'true';
    if (cluster && !classOk(m)) {
      warnings.push(`KongClusterPlugin ${m.metadata.name}: ingress class is not '${ingressClass}'; skipped`);
      continue;
    }
    if (cluster && m.metadata.annotations[INGRESS_CLASS] === undefined) {
      warnings.push(`KongClusterPlugin ${m.metadata.name}: no ${INGRESS_CLASS} annotation, so KIC ignores it; add ${INGRESS_CLASS}: ${ingressClass}`);
      continue;
    }
    if (!cluster && m.metadata.labels['global'] === 'true')
      warnings.push(`KongPlugin ${key}: the global label only works on a KongClusterPlugin; not applied globally`);
    const a = attached.get(key);
    const rendered = renderPlugin(m, secrets, opts.parseYaml);
    if (!global && !a) {
      // KIC ignores it; say so (and how to attach it) instead of dropping it silently.
      const name = 'error' in rendered ? String(m.raw['plugin'] ?? '') : rendered.plugin.name;
      const object = cluster ? `KongClusterPlugin ${m.metadata.name}` : `KongPlugin ${key}`;
      const fix = attachCommands(m, manifests);
      unattached.push({ object, plugin: name, reason: `${cluster ? 'not labelled global: "true" and ' : ''}named by no ${PLUGINS} annotation, so it applies to no request`, fix });
      warnings.push(`${object} is not attached to anything (no ${PLUGINS} annotation names it${cluster ? ' and it is not global' : ''}); attach it with: ${fix[0]}`);
      if (!('error' in rendered)) warnings.push(...unexpandedCredentialWarnings(object, rendered.plugin.config));
      continue;
    }
    if ('error' in rendered) {
      errors.push(rendered.error);
      continue;
    }
    const r = rendered.plugin;
    warnings.push(...unexpandedCredentialWarnings(r.source, r.config));
    if (global) plugins.push(instance(r, key, {}));
    if (!a) continue;
    const who = [...a.consumers.map((id) => ({ consumer: id })), ...a.groups.map((id) => ({ consumer_group: id }))];
    const where = [...a.routes.map((id) => ({ route: id })), ...a.services.map((id) => ({ service: id }))];
    if (who.length && where.length) for (const w of who) for (const x of where) plugins.push(instance(r, key, { ...w, ...x }));
    else for (const x of who.length ? who : where) plugins.push(instance(r, key, x));
  }

  if (errors.length) return { errors, warnings };
  return {
    entities: { services: [...services.values()], routes, consumers, consumerGroups: [...groups.values()], consumerGroupMembers: members, keyAuthCredentials: credentials, plugins },
    warnings,
    unattached,
  };
}
