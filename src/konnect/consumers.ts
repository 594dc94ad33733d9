// Gateway consumers: /v2/control-planes/{cp}/core-entities/consumers (konnect.md §6).
import type { Consumer } from '../schemas/entities.js';
import type { KonnectClient } from './client.js';
import { coreEntityApi, type CoreEntityApi } from './core-entities.js';

export function consumersApi(client: KonnectClient): CoreEntityApi<Consumer> {
  return coreEntityApi<Consumer>(client, 'consumers');
}
