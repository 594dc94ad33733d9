// Gateway plugins: always the top-level /v2/control-planes/{cp}/core-entities/plugins collection,
// scoped by `service`/`route`/`consumer`/`consumer_group` objects ({"id": …} or null) in the body,
// never the nested services/{id}/plugins paths (konnect.md §8.2).
import type { ForeignKey, Plugin } from '../schemas/entities.js';
import type { KonnectClient } from './client.js';
import { coreEntityApi, type CoreEntityApi } from './core-entities.js';

export interface PluginScope {
  readonly service?: ForeignKey | null;
  readonly route?: ForeignKey | null;
  readonly consumer?: ForeignKey | null;
  readonly consumer_group?: ForeignKey | null;
}

export function pluginsApi<C = Record<string, unknown>>(client: KonnectClient): CoreEntityApi<Plugin<C>> {
  return coreEntityApi<Plugin<C>>(client, 'plugins');
}

/** The four scoping objects, each `{"id"}` or explicit null, as the official provider sends them. */
export function scopeBody(scope: PluginScope): Required<PluginScope> {
  const fk = (v: ForeignKey | null | undefined) => (v ? { id: v.id } : null);
  return { service: fk(scope.service), route: fk(scope.route), consumer: fk(scope.consumer), consumer_group: fk(scope.consumer_group) };
}
