// Gateway consumer groups: /v2/control-planes/{cp}/core-entities/consumer_groups (konnect.md §7).
// POST and PUT answer with the bare group; GET wraps it: {"consumer_group": {…}, "consumers": […]}.
import type { ConsumerGroup } from '../schemas/entities.js';
import type { KonnectClient } from './client.js';
import { coreEntityApi, entityPath, requireObject, type CoreEntityApi } from './core-entities.js';
import { KonnectBadResponseError } from './errors.js';

interface ConsumerGroupWrapper {
  readonly consumer_group?: ConsumerGroup;
}

export function consumerGroupsApi(client: KonnectClient): CoreEntityApi<ConsumerGroup> {
  const base = coreEntityApi<ConsumerGroup>(client, 'consumer_groups');
  return {
    ...base,
    async get(cp, id, signal) {
      const path = entityPath(cp, 'consumer_groups', id);
      const res = await client.call<ConsumerGroupWrapper>('GET', path, { expect: [200], ...(signal ? { signal } : {}) });
      const wrapper = requireObject(res.body, 'GET', path, res.status);
      const group = wrapper.consumer_group;
      if (typeof group !== 'object' || group === null) {
        throw new KonnectBadResponseError({ method: 'GET', path, status: res.status, reason: 'expected {"consumer_group": {…}}' });
      }
      return group;
    },
  };
}
