// The provider implementation, loaded by the first RPC that needs it (scripts/build.mjs bundles it
// as dist/terraform-provider-konnect.implementation.cjs): the framework, the resources and data
// sources with their tables, the Konnect client.
export { KonnectProvider } from '../../provider/index.js';
