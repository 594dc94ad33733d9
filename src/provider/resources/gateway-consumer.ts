// konnect_gateway_consumer (konnect.md §6): /v2/control-planes/{cp}/core-entities/consumers.
import { consumersApi } from '../../konnect/index.js';
import { consumerSchema, consumerView } from '../../schemas/index.js';
import { CoreEntityResource } from './core-entity.js';

export const gatewayConsumer = () =>
  new CoreEntityResource({
    typeName: 'konnect_gateway_consumer',
    description: 'GatewayConsumer Resource',
    table: consumerView,
    checks: consumerSchema.checks,
    api: consumersApi,
    kind: 'consumers',
    exampleId: 'c1059869-6fa7-4329-a5f5-5946d14ca2c5',
  });
