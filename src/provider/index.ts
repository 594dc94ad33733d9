// provider/: the konnect provider on src/framework — its provider block (schema, validation,
// token resolution), one Konnect client per configured provider, and the resources
// (resources/index.ts lists them).
export { KonnectProvider, konnectProvider, type KonnectProviderOptions } from './provider.js';
export { providerSchema, providerConfigType, DEFAULT_SERVER_URL } from './provider-schema.js';
export { resolveProviderConfig, type ResolvedConfig } from './provider-config.js';
export type { KonnectProviderData } from './provider-data.js';
export { konnectResources, parseEntityImportId, konnectCall } from './resources/index.js';
