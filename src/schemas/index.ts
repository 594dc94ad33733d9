// schemas/: the single source of Kong's entity and plugin schemas — entity shapes
// (entities.ts), the attribute-table machinery (kong-schema/), the ai-proxy, ai-proxy-advanced and key-auth plugin
// schemas, the plugin record and registry, and entity defaults/validation. The provider, the
// mock Konnect, the Kong entity engine and the gateway import from here; nothing restates it.
export type * from './entities.js';
export * from './kong-schema/index.js';
export * from './ai-proxy/index.js';
export * from './ai-proxy-advanced/index.js';
export * from './key-auth/index.js';
export * from './ai-rate-limiting-advanced/index.js';
export * from './prometheus/index.js';
export * from './ai-prompt-guard/index.js';
export * from './ai-prompt-decorator/index.js';
export { HTTP_PROTOCOLS, pluginRecordFields } from './plugins/record.js';
export { PLUGINS, type PluginDefinition, fillPluginDefaults, validatePlugin } from './plugins/registry.js';
export { KNOWN_PLUGINS, KONG_BUNDLED_PLUGINS, KONNECT_PLUGINS, pluginNotEnabled } from './plugins/known-plugins.js';
export * from './entity-schemas/index.js';
export { AUTH_TYPES, CLUSTER_TYPES, CLUSTER_TYPES_V3_19 } from './control-plane.js';
