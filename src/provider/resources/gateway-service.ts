// konnect_gateway_service (konnect.md §4): /v2/control-planes/{cp}/core-entities/services.
import { servicesApi } from '../../konnect/index.js';
import { serviceSchema, serviceView } from '../../schemas/index.js';
import { CoreEntityResource } from './core-entity.js';

export const gatewayService = () =>
  new CoreEntityResource({
    typeName: 'konnect_gateway_service',
    description: 'GatewayService Resource',
    table: serviceView,
    checks: serviceSchema.checks,
    api: servicesApi,
    kind: 'services',
    exampleId: '7fca84d6-7d37-4a74-a7b0-93e576089a41',
  });
