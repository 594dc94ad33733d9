// provider/: the konnect provider — for now only its provider block (schema, validation,
// configuration and token resolution); resources arrive with src/framework.
export { KonnectProvider, type KonnectProviderOptions } from './provider.js';
export { providerSchema, providerConfigType, DEFAULT_SERVER_URL } from './provider-schema.js';
export { resolveProviderConfig, type ResolvedConfig } from './provider-config.js';
