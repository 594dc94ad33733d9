// The REST shape every Konnect core entity shares (konnect.md §2, §4–§8):
// POST   /v2/control-planes/{cp}/core-entities/{collection}        → 201
// GET    /v2/control-planes/{cp}/core-entities/{collection}/{id}   → 200 (404 → KonnectNotFoundError)
// PUT    /v2/control-planes/{cp}/core-entities/{collection}/{id}   → 200 (an upsert, full object)
// DELETE /v2/control-planes/{cp}/core-entities/{collection}/{id}   → 204, 404 also fine
// Each entity file builds its API from this and adds what differs (consumer groups wrap GET).
import type { KonnectClient } from './client.js';
import { KonnectBadResponseError } from './errors.js';
import { isReplaySafeCreate } from './unique-keys.js';

export type CoreEntityKind = 'services' | 'routes' | 'consumers' | 'consumer_groups' | 'plugins';

/** A request body: the entity's fields, any of them null or omitted, plus fields newer than our types. */
export type EntityInput<T> = { -readonly [K in keyof T]?: T[K] | null } & Record<string, unknown>;

export interface CoreEntityApi<T> {
  readonly kind: CoreEntityKind;
  create(controlPlaneId: string, body: EntityInput<T>, signal?: AbortSignal): Promise<T>;
  get(controlPlaneId: string, id: string, signal?: AbortSignal): Promise<T>;
  update(controlPlaneId: string, id: string, body: EntityInput<T>, signal?: AbortSignal): Promise<T>;
  /** Resolves true when deleted, false when it was already gone (404). */
  delete(controlPlaneId: string, id: string, signal?: AbortSignal): Promise<boolean>;
}

export function collectionPath(controlPlaneId: string, kind: CoreEntityKind): string {
  return `/v2/control-planes/${encodeURIComponent(controlPlaneId)}/core-entities/${kind}`;
}

export function entityPath(controlPlaneId: string, kind: CoreEntityKind, id: string): string {
  return `${collectionPath(controlPlaneId, kind)}/${encodeURIComponent(id)}`;
}

/** A 2xx without the JSON object we need is a bad response, never a silent `undefined`. */
export function requireObject<T>(body: T | undefined, method: string, path: string, status: number): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new KonnectBadResponseError({ method, path, status, reason: 'expected a JSON object in the body' });
  }
  return body;
}

export function coreEntityApi<T>(client: KonnectClient, kind: CoreEntityKind): CoreEntityApi<T> {
  return {
    kind,
    async create(cp, body, signal) {
      const path = collectionPath(cp, kind);
      // A body with a unique key may be sent again after a lost answer: a repeat that meets the
      // object it had made answers a conflict, which the caller resolves (findByUniqueKey).
      const replaySafe = isReplaySafeCreate(kind, body);
      const res = await client.call<T>('POST', path, { body, expect: [201], replaySafe, ...(signal ? { signal } : {}) });
      return requireObject(res.body, 'POST', path, res.status);
    },
    async get(cp, id, signal) {
      const path = entityPath(cp, kind, id);
      const res = await client.call<T>('GET', path, { expect: [200], ...(signal ? { signal } : {}) });
      return requireObject(res.body, 'GET', path, res.status);
    },
    async update(cp, id, body, signal) {
      const path = entityPath(cp, kind, id);
      const res = await client.call<T>('PUT', path, { body, expect: [200], ...(signal ? { signal } : {}) });
      return requireObject(res.body, 'PUT', path, res.status);
    },
    async delete(cp, id, signal) {
      const res = await client.call('DELETE', entityPath(cp, kind, id), { expect: [204, 200, 404], ...(signal ? { signal } : {}) });
      return res.status !== 404;
    },
  };
}
