// Who is who in one snapshot: key-auth keys to credentials and consumers, and each consumer's
// consumer groups (sorted by group name, the order Kong breaks ties in). Compiled once per
// snapshot; every lookup is a map read.
import type { ConfigSnapshot } from '../config/snapshot.js';
import type { Consumer, ConsumerGroup, KeyAuthCredential } from '../../schemas/entities.js';

export interface ConsumerIndex {
  /** The credential holding this exact key, and its consumer. */
  byKey(key: string): { readonly credential: KeyAuthCredential; readonly consumer: Consumer } | undefined;
  /** A consumer by id or username (Kong's `anonymous` accepts either). */
  consumer(idOrUsername: string): Consumer | undefined;
  /** The consumer's group ids sorted by group name; the same array for every call. */
  groupIdsOf(consumerId: string): readonly string[];
  groupsOf(consumerId: string): readonly ConsumerGroup[];
}

type IndexInput = Pick<ConfigSnapshot, 'consumers' | 'consumerGroups' | 'consumerGroupMembers' | 'keyAuthCredentials'>;

const NONE: readonly never[] = Object.freeze([]);

export function compileConsumerIndex(input: IndexInput): ConsumerIndex {
  const consumers = new Map<string, Consumer>();
  for (const c of input.consumers) {
    consumers.set(c.id, c);
    if (c.username !== null && !consumers.has(c.username)) consumers.set(c.username, c);
  }
  const keys = new Map<string, { credential: KeyAuthCredential; consumer: Consumer }>();
  for (const credential of input.keyAuthCredentials) {
    const consumer = consumers.get(credential.consumer.id);
    // A credential whose consumer is gone cannot authenticate anyone (Kong cascades the delete).
    if (consumer && !keys.has(credential.key)) keys.set(credential.key, { credential, consumer });
  }
  const groups = new Map(input.consumerGroups.map((g) => [g.id, g] as const));
  const members = new Map<string, ConsumerGroup[]>();
  for (const m of input.consumerGroupMembers) {
    const group = groups.get(m.consumer_group.id);
    if (!group) continue;
    let list = members.get(m.consumer.id);
    if (!list) members.set(m.consumer.id, (list = []));
    if (!list.includes(group)) list.push(group);
  }
  const groupIds = new Map<string, readonly string[]>();
  for (const [consumerId, list] of members) {
    list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    groupIds.set(consumerId, Object.freeze(list.map((g) => g.id)));
  }
  return {
    byKey: (key) => keys.get(key),
    consumer: (idOrUsername) => consumers.get(idOrUsername),
    groupIdsOf: (consumerId) => groupIds.get(consumerId) ?? NONE,
    groupsOf: (consumerId) => members.get(consumerId) ?? NONE,
  };
}
