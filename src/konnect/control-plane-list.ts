// Listing control planes with filters: GET /v2/control-planes with the deepObject query of
// `ControlPlaneFilterParameters` (filter[name][contains]=…, filter[cloud_gateway]=true,
// filter[id][oeq]=a,b), `labels` ("key:value,existCheck") and `sort` ("created_at desc"), as
// the official provider's two data sources send them (konnect-provider-more.md §5).
import type { KonnectClient } from './client.js';
import type { ControlPlane } from './control-planes.js';
import { KonnectBadResponseError } from './errors.js';

export interface ControlPlaneFilter {
  readonly cloud_gateway?: boolean | null;
  readonly cluster_type?: { readonly eq?: string | null; readonly neq?: string | null; readonly oeq?: string | null } | null;
  readonly id?: { readonly eq?: string | null; readonly oeq?: string | null } | null;
  readonly name?: { readonly contains?: string | null; readonly eq?: string | null; readonly neq?: string | null } | null;
}

export interface ControlPlaneQuery {
  readonly filter?: ControlPlaneFilter | null;
  /** The `labels` query parameter (the data sources' `filter_labels`). */
  readonly labels?: string | null;
  readonly sort?: string | null;
}

/** The official page size of the list data source (the spec's `const: 100`). */
export const CONTROL_PLANE_PAGE_SIZE = 100;

const ACCEPT = 'application/json;q=1, application/problem+json;q=0';
const COLLECTION = '/v2/control-planes';

/** The query parameters for `q`: set values only, deepObject keys. */
export function controlPlaneQueryParams(q: ControlPlaneQuery): Record<string, string> {
  const out: Record<string, string> = {};
  const f = q.filter ?? {};
  if (typeof f.cloud_gateway === 'boolean') out['filter[cloud_gateway]'] = String(f.cloud_gateway);
  for (const field of ['cluster_type', 'id', 'name'] as const) {
    const ops = (f[field] ?? {}) as Record<string, string | null | undefined>;
    for (const [op, v] of Object.entries(ops)) if (typeof v === 'string') out[`filter[${field}][${op}]`] = v;
  }
  if (typeof q.labels === 'string') out.labels = q.labels;
  if (typeof q.sort === 'string') out.sort = q.sort;
  return out;
}

interface Page {
  readonly data?: unknown;
  readonly meta?: { readonly page?: { readonly number?: unknown; readonly size?: unknown; readonly total?: unknown } };
}

async function getPage(client: KonnectClient, query: Record<string, string | number>, signal?: AbortSignal): Promise<ControlPlane[]> {
  const res = await client.call<Page>('GET', COLLECTION, { query, expect: [200], accept: ACCEPT, ...(signal ? { signal } : {}) });
  const data = res.body?.data;
  if (!Array.isArray(data)) throw new KonnectBadResponseError({ method: 'GET', path: COLLECTION, status: res.status, reason: 'a list response needs a `data` array' });
  return data as ControlPlane[];
}

/** The singular data source's call: one unpaged GET (the server's first page). */
export async function firstControlPlanes(client: KonnectClient, q: ControlPlaneQuery, signal?: AbortSignal): Promise<ControlPlane[]> {
  return getPage(client, controlPlaneQueryParams(q), signal);
}

/**
 * Every matching control plane: page[size]=100, page[number]=1, 2, … until a page is empty or
 * shorter than the size (the official provider reads `meta.page.total` as a page count, although
 * Konnect reports items, and so makes one call more than needed; the pages asked for are the same).
 */
export async function allControlPlanes(client: KonnectClient, q: ControlPlaneQuery, signal?: AbortSignal): Promise<ControlPlane[]> {
  const base = controlPlaneQueryParams(q);
  const out: ControlPlane[] = [];
  let previousFirst: string | undefined;
  for (let number = 1; ; number++) {
    const data = await getPage(client, { ...base, 'page[size]': CONTROL_PLANE_PAGE_SIZE, 'page[number]': number }, signal);
    if (data.length === 0) return out;
    // A server ignoring page[number] would hand out page 1 forever.
    if (data[0]?.id !== undefined && data[0].id === previousFirst) {
      throw new KonnectBadResponseError({ method: 'GET', path: COLLECTION, status: 200, reason: `page ${number} repeats the previous page` });
    }
    previousFirst = data[0]?.id;
    out.push(...data);
    if (data.length < CONTROL_PLANE_PAGE_SIZE) return out;
  }
}
