// Consumer-group membership (konnect-provider-more.md §2): POST …/consumer_groups/{group}/consumers
// with {"consumer": "<id or username>"} → 201 (body not needed), DELETE
// …/consumer_groups/{group}/consumers/{consumer} → 204 (404 fine), and, to read a membership
// back, GET …/consumers/{consumer}/consumer_groups → the consumer's groups ({data, next}; operation
// list-consumer-groups-for-consumer of Konnect's API, as Kong/sdk-konnect-go calls it: no page
// parameters; an `offset` in the answer is followed all the same).
import type { KonnectClient } from './client.js';
import { entityPath } from './core-entities.js';
import { KonnectBadResponseError } from './errors.js';

export interface GroupRef {
  readonly id: string;
  readonly name?: string;
}

interface GroupsPage {
  readonly data?: unknown;
  readonly offset?: unknown;
}

const membersPath = (cp: string, group: string) => `${entityPath(cp, 'consumer_groups', group)}/consumers`;

export interface ConsumerGroupMembersApi {
  /** Adds `consumer` (id or username) to `group` (id or name). Adding twice is harmless. */
  add(cp: string, group: string, consumer: string, signal?: AbortSignal): Promise<void>;
  /** False when Konnect answered 404 (the group, the consumer or the membership is gone). */
  remove(cp: string, group: string, consumer: string, signal?: AbortSignal): Promise<boolean>;
  /** The groups `consumer` belongs to, every page; null when the consumer does not exist. */
  groupsOf(cp: string, consumer: string, signal?: AbortSignal): Promise<GroupRef[] | null>;
}

export function consumerGroupMembersApi(client: KonnectClient): ConsumerGroupMembersApi {
  const sig = (signal?: AbortSignal) => (signal ? { signal } : {});
  return {
    async add(cp, group, consumer, signal) {
      // Adding a member is idempotent, so a replay after a lost answer is safe.
      await client.call('POST', membersPath(cp, group), { body: { consumer }, expect: [201], accept: '*/*', replaySafe: true, ...sig(signal) });
    },
    async remove(cp, group, consumer, signal) {
      const res = await client.call('DELETE', `${membersPath(cp, group)}/${encodeURIComponent(consumer)}`, { expect: [204, 200, 404], accept: '*/*', ...sig(signal) });
      return res.status !== 404;
    },
    async groupsOf(cp, consumer, signal) {
      const path = `${entityPath(cp, 'consumers', consumer)}/consumer_groups`;
      const out: GroupRef[] = [];
      const seen = new Set<string>();
      let offset: string | undefined;
      for (;;) {
        const res = await client.call<GroupsPage>('GET', path, { query: { offset }, expect: [200, 404], ...sig(signal) });
        if (res.status === 404) return null;
        const data = res.body?.data;
        if (!Array.isArray(data)) throw new KonnectBadResponseError({ method: 'GET', path, status: res.status, reason: 'a list response needs a `data` array' });
        for (const g of data as Array<Record<string, unknown>>) {
          if (typeof g?.id === 'string') out.push({ id: g.id, ...(typeof g.name === 'string' ? { name: g.name } : {}) });
        }
        const next = res.body?.offset;
        if (typeof next !== 'string' || next === '') return out;
        if (seen.has(next)) throw new KonnectBadResponseError({ method: 'GET', path, status: res.status, reason: 'the list offset repeated' });
        seen.add(next);
        offset = next;
      }
    },
  };
}
