// ai-prompt-guard/: Kong's AI Prompt Guard plugin schema, defined once — the `config` attribute
// table, its cross-field rules, the PCRE-to-RegExp mapping its patterns are checked and run with,
// and what derives from them (validator, defaults, view, types). The registry
// (plugins/registry.ts) validates every source's plugin entities with it; the gateway runs the
// validated config (src/gateway/prompts/).
import type { CompiledSchema, RecordOf, ValueOf } from '../kong-schema/index.js';
import { compileSchema, describeFields, el, set, type AttributeView } from '../kong-schema/index.js';
import { pluginRecordFields } from '../plugins/record.js';
import { guardPluginChecks } from './checks.js';
import { guardConfigRecord } from './config.js';

export { guardConfigRecord as aiPromptGuardConfigRecord, PROMPT_LLM_FORMATS, GUARD_GENAI_CATEGORIES } from './config.js';
export { compilePattern, type CompiledPattern } from './pattern.js';

/** Kong's `typedefs.protocols_http` as this plugin's OpenAPI lists it: grpc, grpcs, http, https. */
export const PROMPT_PLUGIN_PROTOCOLS = ['grpc', 'grpcs', 'http', 'https'] as const;

export const aiPromptGuardPluginFields = pluginRecordFields(guardConfigRecord).map((f) =>
  f.name === 'protocols'
    ? set('protocols', el.str({ enum: PROMPT_PLUGIN_PROTOCOLS }), {
        required: true,
        default: PROMPT_PLUGIN_PROTOCOLS,
        description: 'A set of strings representing HTTP protocols. Default: ["grpc","grpcs","http","https"]',
      })
    : f,
) as unknown as ReturnType<typeof pluginRecordFields<typeof guardConfigRecord>>;

/** A validated, defaults-filled ai-prompt-guard `config`. */
export type AiPromptGuardConfig = ValueOf<typeof guardConfigRecord>;
export type AiPromptGuardPlugin = RecordOf<typeof aiPromptGuardPluginFields>;

export const aiPromptGuardPluginSchema: CompiledSchema<AiPromptGuardPlugin> = compileSchema<AiPromptGuardPlugin>(aiPromptGuardPluginFields, [
  { at: [], checks: guardPluginChecks },
]);

export const aiPromptGuardConfigView: readonly AttributeView[] = describeFields(guardConfigRecord.fields, 'config');
