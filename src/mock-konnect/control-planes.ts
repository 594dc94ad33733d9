// `/v2/control-planes`: create / get / list / patch / delete with the fields and defaults of
// konnect.md section 3 and 11, kept in the same KeyValueStore as the core entities. Deleting a
// control plane drops its workspace in the entity engine.
import { randomUUID } from 'node:crypto';
import type { EntityEngine, KeyValueStore } from '../kong-entities/index.js';
import { AUTH_TYPES, CLUSTER_TYPES, isPlainObject } from '../schemas/index.js';
import { parseCpQuery } from './control-plane-filter.js';
import { type InvalidParameter, type Problem, problem } from './problem.js';

export { AUTH_TYPES, CLUSTER_TYPES } from '../schemas/index.js';

const CREATE_KEYS = ['name', 'description', 'cluster_type', 'auth_type', 'cloud_gateway', 'proxy_urls', 'labels'];
const PATCH_KEYS = ['name', 'description', 'auth_type', 'proxy_urls', 'labels'];
const LABEL_VALUE = /^[a-z0-9A-Z]{1}([a-z0-9A-Z\-._]*[a-z0-9A-Z]+)?$/;
const RESERVED_LABEL = /^(kong|konnect|mesh|kic|_)/;

export interface ControlPlane {
  id: string;
  name: string;
  description: string;
  labels: Record<string, string>;
  config: {
    control_plane_endpoint: string;
    telemetry_endpoint: string;
    cluster_type: string;
    auth_type: string;
    cloud_gateway: boolean;
    proxy_urls: { host: string; port: number; protocol: string }[];
  };
  created_at: string;
  updated_at: string;
}

const cpKey = (id: string) => `cp|${id}`;
const nameKey = (name: string) => `cpn|${name}`;

function checkBody(body: Record<string, unknown>, allowed: readonly string[], creating: boolean): InvalidParameter[] {
  const bad: InvalidParameter[] = [];
  for (const k of Object.keys(body)) if (!allowed.includes(k)) bad.push({ field: k, reason: `property ${k} should not exist` });
  const { name, description, cluster_type, auth_type, cloud_gateway, proxy_urls, labels } = body;
  if (creating || name !== undefined) {
    if (typeof name !== 'string' || name.trim() === '') bad.push({ field: 'name', rule: 'required', reason: 'cannot be blank' });
    else if (name.length < 2 || name.length > 256) bad.push({ field: 'name', reason: 'must have length between 2 and 256' });
  }
  if (description !== undefined && (typeof description !== 'string' || description.length > 2048))
    bad.push({ field: 'description', reason: 'must be a string of at most 2048 characters' });
  if (cluster_type !== undefined && !(CLUSTER_TYPES as readonly unknown[]).includes(cluster_type))
    bad.push({ field: 'cluster_type', rule: 'enum', reason: `must be one of: ${CLUSTER_TYPES.join(', ')}` });
  if (auth_type !== undefined && !(AUTH_TYPES as readonly unknown[]).includes(auth_type))
    bad.push({ field: 'auth_type', rule: 'enum', reason: `must be one of: ${AUTH_TYPES.join(', ')}` });
  if (cloud_gateway !== undefined && typeof cloud_gateway !== 'boolean') bad.push({ field: 'cloud_gateway', reason: 'must be a boolean' });
  if (proxy_urls !== undefined) {
    if (!Array.isArray(proxy_urls) || proxy_urls.length > 5) bad.push({ field: 'proxy_urls', reason: 'must be an array of at most 5 items' });
    else
      proxy_urls.forEach((u, i) => {
        if (!isPlainObject(u)) return bad.push({ field: `proxy_urls[${i}]`, reason: 'must be an object' });
        if (typeof u.host !== 'string' || u.host.length < 1 || u.host.length > 120) bad.push({ field: `proxy_urls[${i}].host`, reason: 'must have length between 1 and 120' });
        if (!Number.isInteger(u.port) || (u.port as number) < 1) bad.push({ field: `proxy_urls[${i}].port`, reason: 'must be an integer of at least 1' });
        if (typeof u.protocol !== 'string' || u.protocol.length < 1 || u.protocol.length > 32) bad.push({ field: `proxy_urls[${i}].protocol`, reason: 'must have length between 1 and 32' });
        for (const k of Object.keys(u)) if (!['host', 'port', 'protocol'].includes(k)) bad.push({ field: `proxy_urls[${i}].${k}`, reason: `property ${k} should not exist` });
        return undefined;
      });
  }
  if (labels !== undefined) {
    if (!isPlainObject(labels) || Object.keys(labels).length > 50) bad.push({ field: 'labels', reason: 'must be an object of at most 50 labels' });
    else
      for (const [k, v] of Object.entries(labels)) {
        if (k.length < 1 || k.length > 63 || RESERVED_LABEL.test(k)) bad.push({ field: `labels.${k}`, reason: 'label keys must be 1-63 characters and must not start with kong, konnect, mesh, kic or _' });
        if (v === null && !creating) continue;
        if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) bad.push({ field: `labels.${k}`, reason: 'label values must be 1-63 alphanumerics, -, . or _, starting and ending alphanumeric' });
      }
  }
  return bad;
}

export type CpResult = { readonly status: number; readonly body?: unknown; readonly problem?: false } | (Problem & { readonly problem: true });
const asProblem = (p: Problem): CpResult => ({ ...p, problem: true });

export class ControlPlanes {
  constructor(
    private readonly store: KeyValueStore,
    private readonly engine: EntityEngine,
    private readonly region = 'us',
  ) {}

  get(id: string): ControlPlane | undefined {
    return this.store.read((tx) => tx.get(cpKey(id)) as ControlPlane | undefined);
  }

  create(body: unknown): CpResult {
    if (!isPlainObject(body) || Object.keys(body).length === 0)
      return asProblem(problem(400, 'Request cannot be empty', [{ field: 'name', reason: 'cannot be blank' }]));
    const bad = checkBody(body, CREATE_KEYS, true);
    if (bad.length) return asProblem(problem(400, bad.some((b) => b.reason.endsWith('should not exist')) ? 'Request contains unknown property' : 'Invalid request', bad));
    const id = randomUUID();
    const host = id.replace(/-/g, '').slice(0, 10);
    const now = new Date().toISOString();
    const cp: ControlPlane = {
      id,
      name: body.name as string,
      description: (body.description as string | undefined) ?? '',
      labels: (body.labels as Record<string, string> | undefined) ?? {},
      config: {
        control_plane_endpoint: `https://${host}.${this.region}.cp.konghq.com`,
        telemetry_endpoint: `https://${host}.${this.region}.tp0.konghq.com`,
        cluster_type: (body.cluster_type as string | undefined) ?? 'CLUSTER_TYPE_CONTROL_PLANE',
        auth_type: (body.auth_type as string | undefined) ?? 'pinned_client_certs',
        cloud_gateway: (body.cloud_gateway as boolean | undefined) ?? false,
        proxy_urls: (body.proxy_urls as ControlPlane['config']['proxy_urls'] | undefined) ?? [],
      },
      created_at: now,
      updated_at: now,
    };
    return this.store.write((tx) => {
      if (tx.get(nameKey(cp.name)) !== undefined) return asProblem(problem(409, 'Control Plane with provided name already exists.'));
      tx.put(cpKey(id), cp);
      tx.put(nameKey(cp.name), id);
      return { status: 201, body: cp };
    });
  }

  read(id: string): CpResult {
    const cp = this.get(id);
    return cp ? { status: 200, body: cp } : asProblem(problem(404, 'The requested control plane was not found.'));
  }

  list(query: URLSearchParams): CpResult {
    const size = Number(query.get('page[size]') ?? '100');
    const number = Number(query.get('page[number]') ?? '1');
    if (!Number.isInteger(size) || size < 1 || size > 1000 || !Number.isInteger(number) || number < 1)
      return asProblem(problem(400, 'Invalid pagination parameters', [{ field: 'page', reason: 'page[size] must be 1-1000 and page[number] at least 1' }]));
    const q = parseCpQuery(query);
    if (q.invalid.length > 0) return asProblem(problem(400, 'Invalid filter parameters', q.invalid));
    const all = this.store.read((tx) => [...tx.range('cp|')].map(([, v]) => v as ControlPlane));
    const matching = all.filter(q.matches).sort(q.compare);
    const data = matching.slice((number - 1) * size, number * size);
    return { status: 200, body: { meta: { page: { number, size, total: matching.length } }, data } };
  }

  patch(id: string, body: unknown): CpResult {
    if (!isPlainObject(body)) return asProblem(problem(400, 'Request cannot be empty', [{ field: 'body', reason: 'request format is invalid' }]));
    const bad = checkBody(body, PATCH_KEYS, false);
    if (bad.length) return asProblem(problem(400, bad.some((b) => b.reason.endsWith('should not exist')) ? 'Request contains unknown property' : 'Invalid request', bad));
    return this.store.write((tx) => {
      const cp = tx.get(cpKey(id)) as ControlPlane | undefined;
      if (!cp) return asProblem(problem(404, 'The requested control plane was not found.'));
      if (typeof body.name === 'string' && body.name !== cp.name) {
        if (tx.get(nameKey(body.name)) !== undefined) return asProblem(problem(409, 'Control Plane with provided name already exists.'));
        tx.remove(nameKey(cp.name));
        tx.put(nameKey(body.name), id);
        cp.name = body.name;
      }
      if (typeof body.description === 'string') cp.description = body.description;
      if (typeof body.auth_type === 'string') cp.config.auth_type = body.auth_type;
      if (Array.isArray(body.proxy_urls)) cp.config.proxy_urls = body.proxy_urls as ControlPlane['config']['proxy_urls'];
      if (isPlainObject(body.labels)) {
        for (const [k, v] of Object.entries(body.labels)) {
          if (v === null) delete cp.labels[k];
          else cp.labels[k] = v as string;
        }
      }
      cp.updated_at = new Date().toISOString();
      tx.put(cpKey(id), cp);
      return { status: 200, body: cp };
    });
  }

  delete(id: string): CpResult {
    const existed = this.store.write((tx) => {
      const cp = tx.get(cpKey(id)) as ControlPlane | undefined;
      if (!cp) return false;
      tx.remove(cpKey(id));
      tx.remove(nameKey(cp.name));
      return true;
    });
    if (!existed) return asProblem(problem(404, 'The requested control plane was not found.'));
    this.engine.dropWorkspace(id);
    return { status: 204 };
  }
}
