// ai-proxy-advanced/: Kong's AI Proxy Advanced plugin schema, defined once — the `config`
// attribute table (targets reuse ai-proxy's fields and per-target rules; balancer, embeddings,
// vectordb, acls), its cross-field rules, and what derives from them (validator, defaults,
// view, types). The registry (plugins/registry.ts) validates every source's plugin entities
// with it; the gateway's balancer (src/gateway/balancer/) reads the validated balancer config.
import type { CompiledSchema, RecordOf, Validation, ValueOf } from '../kong-schema/index.js';
import { compileSchema, describeFields, fillRecord, type AttributeView } from '../kong-schema/index.js';
import { pluginRecordFields } from '../plugins/record.js';
import { balancerRecord } from './balancer.js';
import { aipaPluginChecks, targetChecks } from './checks.js';
import { aipaConfigRecord } from './config.js';

export { aipaConfigRecord as aiProxyAdvancedConfigRecord, AIPA_GENAI_CATEGORIES } from './config.js';
export { BALANCER_ALGORITHMS, FAILOVER_CRITERIA, LATENCY_STRATEGIES, TOKENS_COUNT_STRATEGIES } from './balancer.js';
export { EMBEDDINGS_PROVIDERS, DISTANCE_METRICS, VECTORDB_STRATEGIES } from './semantic.js';
export { ACL_MATCH_TYPES } from './acls.js';

export const aiProxyAdvancedPluginFields = pluginRecordFields(aipaConfigRecord);

/** A validated, defaults-filled ai-proxy-advanced `config`. */
export type AiProxyAdvancedConfig = ValueOf<typeof aipaConfigRecord>;
/** One `config.targets[]` element (an ai-proxy config plus weight and description). */
export type AiProxyAdvancedTarget = AiProxyAdvancedConfig['targets'][number];
/** `config.balancer` with every default filled (see balancerOf for an explicit null). */
export type AiProxyAdvancedBalancer = ValueOf<typeof balancerRecord>;
export type AiProxyAdvancedPlugin = RecordOf<typeof aiProxyAdvancedPluginFields>;

const CHECKS = [
  { at: ['config', 'targets'], checks: targetChecks, each: true },
  { at: [], checks: aipaPluginChecks },
] as const;

/** The whole plugin entity (fields tree in Kong's 400 body, rooted at the entity). */
export const aiProxyAdvancedPluginSchema: CompiledSchema<AiProxyAdvancedPlugin> = compileSchema<AiProxyAdvancedPlugin>(
  aiProxyAdvancedPluginFields,
  CHECKS,
);

/** Validate a whole plugin entity; errors rooted at the entity, as Kong's 400 body names them. */
export function validateAiProxyAdvancedPlugin(plugin: unknown): Validation<AiProxyAdvancedPlugin> {
  return aiProxyAdvancedPluginSchema.validate(plugin);
}

/** Validate a `config` alone; errors rooted at the plugin entity (`{"config": {...}}`), as Kong names them. */
export function validateAiProxyAdvancedConfig(config: unknown): Validation<AiProxyAdvancedConfig> {
  const res = aiProxyAdvancedPluginSchema.validate({ name: 'ai-proxy-advanced', config });
  if (!res.ok) return res;
  return { ok: true, value: res.value.config };
}

const BALANCER_DEFAULTS = Object.freeze(fillRecord(balancerRecord.fields, {})) as AiProxyAdvancedBalancer;

/** The balancer a validated config runs with: `config.balancer`, or Kong's defaults when it is null. */
export function balancerOf(config: Pick<AiProxyAdvancedConfig, 'balancer'>): AiProxyAdvancedBalancer {
  return config.balancer ?? BALANCER_DEFAULTS;
}

/** The read-only view of `config` (tree), for docs and the agreement test with the provider's table. */
export const aiProxyAdvancedConfigView: readonly AttributeView[] = describeFields(aipaConfigRecord.fields, 'config');
