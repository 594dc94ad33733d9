// entity-schemas/: defaults and validation of Kong's core entities — services, routes,
// consumers, consumer groups and key-auth credentials — each one attribute table plus its
// entity checks, compiled like the plugin schemas. Shapes are in ../entities.ts.
import type { Consumer, ConsumerGroup, KeyAuthCredential, Route, Service } from '../entities.js';
import { compileSchema, describeFields, type AttributeView, type CompiledSchema } from '../kong-schema/index.js';
import { consumerChecks, consumerFields, consumerGroupFields, keyAuthCredentialFields } from './consumer.js';
import { routeChecks, routeFields } from './route.js';
import { serviceFields } from './service.js';

export { SERVICE_PROTOCOLS } from './service.js';
export { expandServiceUrl, type UrlExpansion } from './service-url.js';
export { ROUTE_PROTOCOLS } from './route.js';
export { serviceFields, routeFields, consumerFields, consumerGroupFields, keyAuthCredentialFields };

export const serviceSchema: CompiledSchema<Service> = compileSchema<Service>(serviceFields);
export const routeSchema: CompiledSchema<Route> = compileSchema<Route>(routeFields, [{ at: [], checks: routeChecks }]);
export const consumerSchema: CompiledSchema<Consumer> = compileSchema<Consumer>(consumerFields, [
  { at: [], checks: consumerChecks },
]);
export const consumerGroupSchema: CompiledSchema<ConsumerGroup> = compileSchema<ConsumerGroup>(consumerGroupFields);
export const keyAuthCredentialSchema: CompiledSchema<KeyAuthCredential> =
  compileSchema<KeyAuthCredential>(keyAuthCredentialFields);

export const serviceView: readonly AttributeView[] = describeFields(serviceFields);
export const routeView: readonly AttributeView[] = describeFields(routeFields);
export const consumerView: readonly AttributeView[] = describeFields(consumerFields);
export const consumerGroupView: readonly AttributeView[] = describeFields(consumerGroupFields);
