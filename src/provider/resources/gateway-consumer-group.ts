// konnect_gateway_consumer_group (konnect.md §7): POST/PUT answer the bare group, GET wraps it
// ({"consumer_group": {…}}, unwrapped by konnect/consumer-groups.ts); like the official provider
// we GET after each write. The official example id is "" (a generator artefact); ours is a UUID.
import { consumerGroupsApi } from '../../konnect/index.js';
import { consumerGroupSchema, consumerGroupView } from '../../schemas/index.js';
import { CoreEntityResource } from './core-entity.js';

export const gatewayConsumerGroup = () =>
  new CoreEntityResource({
    typeName: 'konnect_gateway_consumer_group',
    description: 'GatewayConsumerGroup Resource',
    table: consumerGroupView,
    checks: consumerGroupSchema.checks,
    api: consumerGroupsApi,
    kind: 'consumer_groups',
    exampleId: '5ae2a8a4-9a0c-4b0e-8a34-6f4e1c2d3b7a',
    readAfterWrite: true,
  });
