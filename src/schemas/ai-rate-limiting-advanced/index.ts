// ai-rate-limiting-advanced/: Kong's AI Rate Limiting Advanced plugin schema, defined once — the
// `config` attribute table, its cross-field rules, and everything derived from them (validator,
// defaults, view, types). The registry (plugins/registry.ts) validates every source's plugin
// entities with it; the gateway reads the validated config (src/gateway/ratelimit/).
import type { CompiledSchema, RecordOf, Validation, ValueOf } from '../kong-schema/index.js';
import { compileSchema, describeFields, type AttributeView } from '../kong-schema/index.js';
import { el, set } from '../kong-schema/index.js';
import { HTTP_PROTOCOLS, pluginRecordFields } from '../plugins/record.js';
import { rlaConfigChecks } from './checks.js';
import { rlaConfigRecord } from './config.js';

export {
  rlaConfigRecord as aiRateLimitingConfigRecord,
  RLA_IDENTIFIERS,
  RLA_MATCH_TYPES,
  RLA_PROVIDERS,
  RLA_STRATEGIES,
  RLA_TOKEN_STRATEGIES,
  RLA_WINDOW_TYPES,
} from './config.js';
export { rlaConfigChecks as aiRateLimitingConfigChecks } from './checks.js';

const PROTOCOLS_DEFAULT = ['grpc', 'grpcs', 'http', 'https'] as const;

/** The plugin record with this config; `protocols` defaults to Kong's grpc/grpcs/http/https (no ws/wss). */
export const aiRateLimitingPluginFields = pluginRecordFields(rlaConfigRecord).map((f) =>
  f.name === 'protocols'
    ? set('protocols', el.str({ enum: HTTP_PROTOCOLS }), {
        required: true,
        default: PROTOCOLS_DEFAULT,
        description: `${f.description?.replace(/ Default: .*$/, '') ?? ''} Default: ["grpc","grpcs","http","https"]`,
      })
    : f,
) as unknown as ReturnType<typeof pluginRecordFields<typeof rlaConfigRecord>>;
/** A validated, defaults-filled ai-rate-limiting-advanced `config`. */
export type AiRateLimitingConfig = ValueOf<typeof rlaConfigRecord>;
export type AiRateLimitingRedis = AiRateLimitingConfig['redis'];
export type AiRateLimitingPlugin = RecordOf<typeof aiRateLimitingPluginFields>;

export const aiRateLimitingPluginSchema: CompiledSchema<AiRateLimitingPlugin> = compileSchema<AiRateLimitingPlugin>(aiRateLimitingPluginFields, [
  { at: ['config'], checks: rlaConfigChecks },
]);

export const aiRateLimitingConfigSchema: CompiledSchema<AiRateLimitingConfig> = compileSchema<AiRateLimitingConfig>(rlaConfigRecord.fields, [
  { at: [], checks: rlaConfigChecks },
]);

/** Validate a whole plugin entity; errors rooted at the entity, as Kong's 400 body names them. */
export function validateAiRateLimitingPlugin(plugin: unknown): Validation<AiRateLimitingPlugin> {
  return aiRateLimitingPluginSchema.validate(plugin);
}

export const aiRateLimitingConfigView: readonly AttributeView[] = describeFields(rlaConfigRecord.fields, 'config');
