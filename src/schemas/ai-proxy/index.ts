// ai-proxy/: Kong's ai-proxy plugin schema, defined once — the `config` attribute table,
// its cross-field rules, and everything derived from them (validator, defaults, view, types).
// The provider, the mock Konnect and the gateway all import this; nothing else restates it.
import type { CompiledSchema, RecordOf, Validation, ValueOf } from '../kong-schema/index.js';
import { compileSchema, describeFields, type AttributeView } from '../kong-schema/index.js';
import { pluginRecordFields } from '../plugins/record.js';
import { configChecks, pluginChecks } from './checks.js';
import { configRecord } from './config.js';

export { configRecord as aiProxyConfigRecord, ROUTE_TYPES, GENAI_CATEGORIES, LLM_FORMATS } from './config.js';
export { PROVIDERS } from './model.js';
export { configChecks as aiProxyConfigChecks, pluginChecks as aiProxyPluginChecks } from './checks.js';

/** The plugin entity's fields with ai-proxy's config (the official resource, minus control_plane_id). */
export const aiProxyPluginFields = pluginRecordFields(configRecord);

/** A validated, defaults-filled ai-proxy `config`. */
export type AiProxyConfig = ValueOf<typeof configRecord>;
export type AiProxyAuth = NonNullable<AiProxyConfig['auth']>;
export type AiProxyModel = AiProxyConfig['model'];
export type AiProxyModelOptions = NonNullable<AiProxyModel['options']>;
export type AiProxyLogging = NonNullable<AiProxyConfig['logging']>;
/** A validated, defaults-filled ai-proxy plugin entity. */
export type AiProxyPlugin = RecordOf<typeof aiProxyPluginFields>;

/** The whole plugin entity (fields tree in Kong's 400 body, rooted at the entity). */
export const aiProxyPluginSchema: CompiledSchema<AiProxyPlugin> = compileSchema<AiProxyPlugin>(aiProxyPluginFields, [
  { at: ['config'], checks: configChecks },
  { at: [], checks: pluginChecks },
]);

/** `config` alone: the tree is rooted at `config` (`{"model": {"provider": …}}`). */
export const aiProxyConfigSchema: CompiledSchema<AiProxyConfig> = compileSchema<AiProxyConfig>(configRecord.fields, [
  { at: [], checks: configChecks },
]);

/** Kong's default filling of an ai-proxy `config` (records filled, unset fields null). */
export function fillAiProxyDefaults(config: unknown): unknown {
  return aiProxyConfigSchema.fillDefaults(config);
}

/**
 * Validate a whole ai-proxy plugin entity (config + plugin fields, every rule, including the
 * native-format rules that span `config.llm_format` and `config.model.provider`).
 */
export function validateAiProxyPlugin(plugin: unknown): Validation<AiProxyPlugin> {
  return aiProxyPluginSchema.validate(plugin);
}

/**
 * Validate an ai-proxy `config` alone. Errors are rooted at the plugin entity
 * (`{"config": {...}, "@entity": [...]}`), exactly as Kong's 400 body names them.
 */
export function validateAiProxyConfig(config: unknown): Validation<AiProxyConfig> {
  const res = aiProxyPluginSchema.validate({ name: 'ai-proxy', config });
  if (!res.ok) return res;
  return { ok: true, value: res.value.config };
}

/** The read-only view of the plugin resource's attributes (tree), for the Terraform schema. */
export const aiProxyPluginView: readonly AttributeView[] = describeFields(aiProxyPluginFields);
/** The read-only view of `config` alone. */
export const aiProxyConfigView: readonly AttributeView[] = describeFields(configRecord.fields, 'config');
