// KongPlugin / KongClusterPlugin → the plugin Kong receives, as KIC renders it: `config`, or the
// whole config from a Secret (`configFrom.secretKeyRef`), plus `configPatches` (JSON-pointer adds
// with values from Secrets); `disabled` → enabled: false. Errors use KIC's own texts.
import type { Manifest } from './manifests.js';

export interface RenderedPlugin {
  readonly name: string;
  readonly config: Record<string, unknown>;
  readonly enabled: boolean;
  readonly protocols: readonly string[] | null;
  readonly instance_name: string | null;
  readonly ordering: unknown | null;
  readonly tags: readonly string[];
  /** "KongPlugin kong/ai-proxy" or "KongClusterPlugin ai-proxy". */
  readonly source: string;
}

/** Secrets by "namespace/name", values decoded (data is base64, stringData wins). */
export type SecretStore = ReadonlyMap<string, Readonly<Record<string, string>>>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function collectSecrets(manifests: readonly Manifest[]): SecretStore {
  const out = new Map<string, Record<string, string>>();
  for (const m of manifests) {
    if (m.kind !== 'Secret') continue;
    const values: Record<string, string> = {};
    const data = m.raw['data'];
    if (isObject(data)) for (const [k, v] of Object.entries(data)) values[k] = Buffer.from(String(v), 'base64').toString('utf8');
    const stringData = m.raw['stringData'];
    if (isObject(stringData)) for (const [k, v] of Object.entries(stringData)) values[k] = String(v);
    out.set(`${m.metadata.namespace ?? 'default'}/${m.metadata.name}`, values);
  }
  return out;
}

/** KIC's `kongstate` wording for Secret lookups. */
function secretValue(secrets: SecretStore, namespace: string, name: unknown, key: unknown): { value: string } | { error: string } {
  const secret = secrets.get(`${namespace}/${String(name)}`);
  if (!secret) return { error: `error fetching plugin configuration secret '${namespace}/${String(name)}': Secret ${namespace}/${String(name)} not found` };
  const value = secret[String(key)];
  if (value === undefined) return { error: `no key '${String(key)}' in secret '${namespace}/${String(name)}'` };
  return { value };
}

function parseConfigText(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    if (isObject(v)) return v;
  } catch {
    /* YAML is tried next, as KIC does */
  }
  return undefined;
}

/** Set `value` at a JSON pointer ("/auth/header_value"), creating objects on the way (JSON-patch add). */
function addAt(target: Record<string, unknown>, pointer: string, value: unknown): string | undefined {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (!pointer.startsWith('/') || parts.length === 0) return `invalid JSON patch path '${pointer}'`;
  let node: Record<string, unknown> = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === undefined) node[part] = {};
    else if (!isObject(next)) return `invalid JSON patch path '${pointer}': '${part}' is not an object`;
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
  return undefined;
}

export function renderPlugin(m: Manifest, secrets: SecretStore, parseYaml: (text: string) => unknown): { plugin: RenderedPlugin } | { error: string } {
  const cluster = m.kind === 'KongClusterPlugin';
  const namespace = m.metadata.namespace ?? 'default';
  const label = cluster ? `KongClusterPlugin ${m.metadata.name}` : `KongPlugin ${namespace}/${m.metadata.name}`;
  const fail = (msg: string) => ({ error: `${label} (${m.where}): ${msg}` });
  const name = m.raw['plugin'];
  if (typeof name !== 'string' || name === '') return fail("invalid empty 'plugin' property");
  const rawConfig = m.raw['config'];
  const configFrom = m.raw['configFrom'];
  const patches = m.raw['configPatches'];
  if (rawConfig !== undefined && rawConfig !== null && configFrom !== undefined && configFrom !== null)
    return fail('Using both config and configFrom fields is not allowed.');
  if (configFrom !== undefined && configFrom !== null && Array.isArray(patches) && patches.length > 0)
    return fail('Using both configFrom and configPatches fields is not allowed.');
  if (rawConfig !== undefined && rawConfig !== null && !isObject(rawConfig)) return fail('config must be an object');

  let config: Record<string, unknown> = isObject(rawConfig) ? structuredClone(rawConfig) : {};
  if (isObject(configFrom)) {
    const ref = configFrom['secretKeyRef'];
    if (!isObject(ref)) return fail('configFrom needs secretKeyRef {name, key}');
    const ns = cluster ? String(ref['namespace'] ?? '') : namespace;
    if (cluster && ns === '') return fail('configFrom.secretKeyRef.namespace is required for a KongClusterPlugin');
    const got = secretValue(secrets, ns, ref['name'], ref['key']);
    const kicLabel = cluster ? `KongClusterPlugin ${m.metadata.name}` : `KongPlugin '${m.metadata.name}/${namespace}'`;
    if ('error' in got) return { error: `error parsing config for ${kicLabel}: ${got.error} (${m.where})` };
    let parsed = parseConfigText(got.value);
    if (!parsed) {
      try {
        const y = parseYaml(got.value);
        if (isObject(y)) parsed = y;
      } catch {
        /* reported below */
      }
    }
    if (!parsed)
      return { error: `error parsing config for ${kicLabel}: key '${String(ref['key'])}' in secret '${ns}/${String(ref['name'])}' contains neither valid JSON nor valid YAML) (${m.where})` };
    config = parsed;
  }
  if (Array.isArray(patches)) {
    for (const [i, p] of patches.entries()) {
      if (!isObject(p) || typeof p['path'] !== 'string' || !isObject(p['valueFrom']) || !isObject(p['valueFrom']['secretKeyRef']))
        return fail(`configPatches[${i}] needs path and valueFrom.secretKeyRef {name, key}`);
      const ref = p['valueFrom']['secretKeyRef'];
      const ns = cluster ? String(ref['namespace'] ?? '') : namespace;
      const got = secretValue(secrets, ns, ref['name'], ref['key']);
      if ('error' in got) return fail(`configPatches[${i}]: ${got.error}`);
      let value: unknown = got.value;
      try {
        value = JSON.parse(got.value); // a patch value is JSON; a bare string is kept as text
      } catch {
        /* keep the text */
      }
      const err = addAt(config, p['path'], value);
      if (err) return fail(`configPatches[${i}]: ${err}`);
    }
  }
  const protocols = m.raw['protocols'];
  const tagText = m.metadata.annotations['konghq.com/tags'];
  const tags = [
    ...(tagText ? tagText.split(',').map((t) => t.trim()).filter(Boolean) : []),
    `k8s-name:${m.metadata.name}`,
    ...(cluster ? [] : [`k8s-namespace:${namespace}`]),
    `k8s-kind:${m.kind}`,
  ];
  return {
    plugin: {
      name,
      config,
      enabled: m.raw['disabled'] !== true,
      protocols: Array.isArray(protocols) ? protocols.map(String) : null,
      instance_name: typeof m.raw['instance_name'] === 'string' ? m.raw['instance_name'] : null,
      ordering: m.raw['ordering'] ?? null,
      tags,
      source: label,
    },
  };
}
