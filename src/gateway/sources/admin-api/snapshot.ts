// The Admin API's store as a ConfigSnapshot: every entity of the workspace read in one pass.
// The engine stores entities exactly as validated (Kong's defaults filled), so they are used
// as they are.
import type { Entity, EntityEngine } from '../../../kong-entities/index.js';
import type { EntityTypeName } from '../../../kong-entities/index.js';
import type { Consumer, ConsumerGroup, ConsumerGroupMembership, KeyAuthCredential, Plugin, Route, Service } from '../../../schemas/entities.js';
import type { ConfigSnapshot, SnapshotOrigin } from '../../config/snapshot.js';

export const WORKSPACE = 'default';

function all(engine: EntityEngine, type: EntityTypeName): Entity[] {
  const out: Entity[] = [];
  let offset: string | undefined;
  for (;;) {
    const page = engine.list(WORKSPACE, type, { size: '1000', ...(offset ? { offset } : {}) });
    if (!page.ok) throw new Error(`admin-api: reading ${type} failed: ${page.error.message}`);
    out.push(...page.value.data);
    if (page.value.offset === undefined) return out;
    offset = page.value.offset;
  }
}

export function snapshotFromEngine(engine: EntityEngine, origin: SnapshotOrigin, revision: number): ConfigSnapshot {
  return Object.freeze({
    origin,
    revision,
    loadedAt: new Date(),
    services: all(engine, 'services') as unknown as Service[],
    routes: all(engine, 'routes') as unknown as Route[],
    consumers: all(engine, 'consumers') as unknown as Consumer[],
    consumerGroups: all(engine, 'consumer_groups') as unknown as ConsumerGroup[],
    consumerGroupMembers: all(engine, 'consumer_group_consumers') as unknown as ConsumerGroupMembership[],
    keyAuthCredentials: all(engine, 'keyauth_credentials') as unknown as KeyAuthCredential[],
    plugins: all(engine, 'plugins') as unknown as Plugin[],
  });
}
