// Control planes: the Konnect platform API /v2/control-planes (konnect.md §3). POST → 201,
// GET → 200, PATCH (partial update) → 200, DELETE → 204 (404 fine). Errors are problem+json.
import type { KonnectClient } from './client.js';
import { requireObject } from './core-entities.js';
import { KonnectBadResponseError } from './errors.js';

export interface ProxyUrl {
  readonly host: string;
  readonly port: number;
  readonly protocol: string;
}

export interface ControlPlane {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly config: {
    readonly control_plane_endpoint: string;
    readonly telemetry_endpoint: string;
    readonly cluster_type: string;
    readonly auth_type: string;
    readonly cloud_gateway: boolean;
    readonly proxy_urls: readonly ProxyUrl[];
  };
  readonly created_at: string;
  readonly updated_at: string;
}

export interface CreateControlPlaneRequest {
  readonly name: string;
  readonly description?: string;
  readonly cluster_type?: string;
  readonly auth_type?: string;
  readonly cloud_gateway?: boolean;
  readonly proxy_urls?: readonly ProxyUrl[];
  readonly labels?: Readonly<Record<string, string>>;
}

/** PATCH body: keys left out stay unchanged; cluster_type and cloud_gateway cannot change. */
export interface UpdateControlPlaneRequest {
  readonly name?: string | null;
  readonly description?: string;
  readonly auth_type?: string;
  readonly proxy_urls?: readonly ProxyUrl[];
  readonly labels?: Readonly<Record<string, string | null>>;
}

const ACCEPT = 'application/json;q=1, application/problem+json;q=0';
const COLLECTION = '/v2/control-planes';
const one = (id: string) => `${COLLECTION}/${encodeURIComponent(id)}`;

export interface ControlPlanesApi {
  create(body: CreateControlPlaneRequest, signal?: AbortSignal): Promise<ControlPlane>;
  get(id: string, signal?: AbortSignal): Promise<ControlPlane>;
  update(id: string, body: UpdateControlPlaneRequest, signal?: AbortSignal): Promise<ControlPlane>;
  delete(id: string, signal?: AbortSignal): Promise<boolean>;
  listAll(opts?: { pageSize?: number; signal?: AbortSignal }): Promise<ControlPlane[]>;
  /** The control plane named `name` (names are unique per organisation), or undefined. */
  findByName(name: string, signal?: AbortSignal): Promise<ControlPlane | undefined>;
}

interface ControlPlanePage {
  readonly data?: ControlPlane[];
  readonly meta?: { readonly page?: { readonly number?: number; readonly size?: number; readonly total?: number } };
}

export function controlPlanesApi(client: KonnectClient): ControlPlanesApi {
  const sig = (signal?: AbortSignal) => (signal ? { signal } : {});
  return {
    async create(body, signal) {
      // The name is unique: a repeat after a lost answer meets a 409, resolved by findByName.
      const res = await client.call<ControlPlane>('POST', COLLECTION, { body, expect: [201], accept: ACCEPT, replaySafe: true, ...sig(signal) });
      return requireObject(res.body, 'POST', COLLECTION, res.status);
    },
    async get(id, signal) {
      const res = await client.call<ControlPlane>('GET', one(id), { expect: [200], accept: ACCEPT, ...sig(signal) });
      return requireObject(res.body, 'GET', one(id), res.status);
    },
    async update(id, body, signal) {
      const res = await client.call<ControlPlane>('PATCH', one(id), { body, expect: [200], accept: ACCEPT, ...sig(signal) });
      return requireObject(res.body, 'PATCH', one(id), res.status);
    },
    async delete(id, signal) {
      const res = await client.call('DELETE', one(id), { expect: [204, 200, 404], accept: 'application/problem+json', ...sig(signal) });
      return res.status !== 404;
    },
    async findByName(name, signal) {
      const res = await client.call<ControlPlanePage>('GET', COLLECTION, { query: { 'filter[name][eq]': name }, expect: [200], accept: ACCEPT, ...sig(signal) });
      const data = res.body?.data;
      if (!Array.isArray(data)) {
        throw new KonnectBadResponseError({ method: 'GET', path: COLLECTION, status: res.status, reason: 'a list response needs a `data` array' });
      }
      return data.find((cp) => cp.name === name);
    },
    async listAll(opts = {}) {
      const size = opts.pageSize ?? 100;
      const out: ControlPlane[] = [];
      for (let number = 1; ; number++) {
        const res = await client.call<ControlPlanePage>('GET', COLLECTION, {
          query: { 'page[size]': size, 'page[number]': number },
          expect: [200],
          accept: ACCEPT,
          ...sig(opts.signal),
        });
        const data = res.body?.data;
        if (!Array.isArray(data)) {
          throw new KonnectBadResponseError({ method: 'GET', path: COLLECTION, status: res.status, reason: 'a list response needs a `data` array' });
        }
        out.push(...data);
        const total = res.body?.meta?.page?.total;
        if (data.length === 0 || data.length < size || (typeof total === 'number' && out.length >= total)) return out;
      }
    },
  };
}
