// provider/resources/: the konnect_* resource types, one file each, and the helpers they share
// (import ids, Konnect errors → diagnostics, API ↔ state mapping). Plugins and credentials come
// from generated tables (generated-resources.ts; one line in scripts/openapi/resources.ts); to add
// another resource, write its file and append one line to konnectResources().
import type { ResourceRegistration } from '../../framework/index.js';
import type { KonnectProviderData } from '../provider-data.js';
import { gatewayConsumerGroupMember } from './gateway-consumer-group-member.js';
import { gatewayConsumerGroup } from './gateway-consumer-group.js';
import { gatewayConsumer } from './gateway-consumer.js';
import { gatewayControlPlane } from './gateway-control-plane.js';
import { generatedResources } from './generated-resources.js';
import { gatewayRoute } from './gateway-route.js';
import { gatewayService } from './gateway-service.js';

export { parseEntityImportId, ENTITY_IMPORT_EXAMPLE } from './import-id.js';
export { konnectCall, type KonnectCallOptions } from './konnect-call.js';

/** Every resource type the provider serves. */
export function konnectResources(): ResourceRegistration<KonnectProviderData>[] {
  return [gatewayControlPlane(), gatewayService(), gatewayRoute(), gatewayConsumer(), gatewayConsumerGroup(), ...generatedResources(), gatewayConsumerGroupMember()];
}
