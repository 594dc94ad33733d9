// Reading whole collections. Core entities page with an opaque `offset` ({data, next, offset});
// control planes with page[number]/page[size] ({meta:{page:{number,size,total}}, data}).
// The gateway uses listAll to read a whole control plane.
import type { KonnectClient } from './client.js';
import { collectionPath, type CoreEntityKind } from './core-entities.js';
import { KonnectBadResponseError } from './errors.js';

export interface ListOptions {
  /** Page size, 1–1000 (Konnect's default is 100). */
  readonly pageSize?: number;
  /** Kong tag filter: "a,b" = both, "a/b" = either. */
  readonly tags?: string;
  readonly signal?: AbortSignal;
}

interface OffsetPage<T> {
  readonly data?: T[];
  readonly offset?: string | null;
  readonly next?: string | null;
}

/** Every entity of one kind in a control plane, page by page. */
export async function* paginate<T>(client: KonnectClient, controlPlaneId: string, kind: CoreEntityKind, opts: ListOptions = {}): AsyncGenerator<T> {
  const path = collectionPath(controlPlaneId, kind);
  let offset: string | undefined;
  const seen = new Set<string>();
  for (;;) {
    const res = await client.call<OffsetPage<T>>('GET', path, {
      query: { size: opts.pageSize ?? 100, offset, tags: opts.tags },
      expect: [200],
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const page = res.body;
    if (!page || !Array.isArray(page.data)) {
      throw new KonnectBadResponseError({ method: 'GET', path, status: res.status, reason: 'a list response needs a `data` array' });
    }
    yield* page.data;
    if (typeof page.offset !== 'string' || page.offset === '') return;
    // A server that hands out the same offset twice would loop forever.
    if (seen.has(page.offset)) throw new KonnectBadResponseError({ method: 'GET', path, status: res.status, reason: 'the list offset repeated' });
    seen.add(page.offset);
    offset = page.offset;
  }
}

/** listAll(client, cp, 'plugins') → every plugin of that control plane. */
export async function listAll<T>(client: KonnectClient, controlPlaneId: string, kind: CoreEntityKind, opts: ListOptions = {}): Promise<T[]> {
  const out: T[] = [];
  for await (const item of paginate<T>(client, controlPlaneId, kind, opts)) out.push(item);
  return out;
}
