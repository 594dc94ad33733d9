// Gateway routes: /v2/control-planes/{cp}/core-entities/routes (konnect.md §5). Always created at
// the top-level collection; the service link is `"service": {"id": …}` in the body.
import type { Route } from '../schemas/entities.js';
import type { KonnectClient } from './client.js';
import { coreEntityApi, type CoreEntityApi } from './core-entities.js';

export function routesApi(client: KonnectClient): CoreEntityApi<Route> {
  return coreEntityApi<Route>(client, 'routes');
}
