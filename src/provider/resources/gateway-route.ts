// konnect_gateway_route (konnect.md §5): created at the top-level routes collection with
// `"service": {"id": …}` in the body; `headers` keeps its prior value when the API answers null
// (as the official refresh does).
import { routesApi } from '../../konnect/index.js';
import { routeSchema, routeView } from '../../schemas/index.js';
import { CoreEntityResource } from './core-entity.js';

export const gatewayRoute = () =>
  new CoreEntityResource({
    typeName: 'konnect_gateway_route',
    description: 'GatewayRoute Resource',
    table: routeView,
    checks: routeSchema.checks,
    api: routesApi,
    kind: 'routes',
    exampleId: 'a4326a41-aa12-44e3-93e4-6b6e58bfb9d7',
    keepWhenNull: ['headers'],
  });
