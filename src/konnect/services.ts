// Gateway services: /v2/control-planes/{cp}/core-entities/services (konnect.md §4).
import type { Service } from '../schemas/entities.js';
import type { KonnectClient } from './client.js';
import { coreEntityApi, type CoreEntityApi } from './core-entities.js';

/** Service as the API returns it; `tls_sans` is a Konnect field our shared shape does not carry yet. */
export type KonnectService = Service & { readonly tls_sans?: { dnsnames: string[] | null; uris: string[] | null } | null };

export function servicesApi(client: KonnectClient): CoreEntityApi<KonnectService> {
  return coreEntityApi<KonnectService>(client, 'services');
}
