// Reading one control plane's whole gateway configuration from Konnect's core-entities API:
// the five collections through the client's paginated listAll, key-auth credentials
// (`/core-entities/key-auths`) and each consumer group's members
// (`/core-entities/consumer_groups/{id}/consumers`), which the client has no helper for.
import { collectionPath, controlPlanesApi, KonnectBadResponseError, listAll, type KonnectClient } from '../../../konnect/index.js';
import type { Consumer, ConsumerGroup, ConsumerGroupMembership, KeyAuthCredential, Plugin, Route, Service } from '../../../schemas/entities.js';
import type { SnapshotEntities } from '../../config/snapshot.js';

/** A control plane's entities as read from Konnect (plugins not yet schema-validated). */
export type KonnectEntities = SnapshotEntities;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `--control-plane` is an id (used as is) rather than a name (looked up). */
export const isControlPlaneId = (nameOrId: string): boolean => UUID.test(nameOrId);

/** The control plane named `name` now, if any, and every name the token can see. */
export async function lookupControlPlane(client: KonnectClient, name: string, signal?: AbortSignal): Promise<{ hit: { id: string; name: string } | undefined; names: string[] }> {
  const all = await controlPlanesApi(client).listAll(signal ? { signal } : {});
  const hit = all.find((cp) => cp.name === name);
  return { hit: hit ? { id: hit.id, name: hit.name } : undefined, names: all.map((cp) => cp.name) };
}

/** A control plane id for `--control-plane NAME_OR_ID`: an id is used as is, a name is looked up. */
export async function resolveControlPlane(client: KonnectClient, nameOrId: string, signal?: AbortSignal): Promise<{ id: string; name: string | null }> {
  if (isControlPlaneId(nameOrId)) return { id: nameOrId, name: null };
  const { hit, names } = await lookupControlPlane(client, nameOrId, signal);
  if (!hit) {
    const seen = names.map((n) => `'${n}'`).join(', ') || 'none';
    throw new Error(`--control-plane: no control plane is named '${nameOrId}' (the token can see: ${seen}); pass an existing name or id`);
  }
  return hit;
}

/** Every item behind a core-entities list path, following `offset` (same contract as listAll). */
async function listPath<T>(client: KonnectClient, path: string, signal?: AbortSignal): Promise<T[]> {
  const out: T[] = [];
  const seen = new Set<string>();
  let offset: string | undefined;
  for (;;) {
    const res = await client.call<{ data?: T[]; offset?: string | null }>('GET', path, {
      query: { size: 1000, offset },
      expect: [200],
      ...(signal ? { signal } : {}),
    });
    if (!res.body || !Array.isArray(res.body.data))
      throw new KonnectBadResponseError({ method: 'GET', path, status: res.status, reason: 'a list response needs a `data` array' });
    out.push(...res.body.data);
    const next = res.body.offset;
    if (typeof next !== 'string' || next === '') return out;
    if (seen.has(next)) throw new KonnectBadResponseError({ method: 'GET', path, status: res.status, reason: 'the list offset repeated' });
    seen.add(next);
    offset = next;
  }
}

export async function fetchControlPlane(client: KonnectClient, cpId: string, signal?: AbortSignal): Promise<KonnectEntities> {
  const opts = { pageSize: 1000, ...(signal ? { signal } : {}) };
  const [services, routes, consumers, consumerGroups, plugins] = await Promise.all([
    listAll<Service>(client, cpId, 'services', opts),
    listAll<Route>(client, cpId, 'routes', opts),
    listAll<Consumer>(client, cpId, 'consumers', opts),
    listAll<ConsumerGroup>(client, cpId, 'consumer_groups', opts),
    listAll<Plugin>(client, cpId, 'plugins', opts),
  ]);
  const base = collectionPath(cpId, 'services').replace(/\/services$/, '');
  const keyAuthCredentials = await listPath<KeyAuthCredential>(client, `${base}/key-auths`, signal);
  const consumerGroupMembers: ConsumerGroupMembership[] = [];
  for (const g of consumerGroups) {
    const members = await listPath<Consumer>(client, `${base}/consumer_groups/${encodeURIComponent(g.id)}/consumers`, signal);
    for (const c of members) consumerGroupMembers.push({ consumer_group: { id: g.id }, consumer: { id: c.id } });
  }
  return { services, routes, consumers, consumerGroups, consumerGroupMembers, keyAuthCredentials, plugins };
}
