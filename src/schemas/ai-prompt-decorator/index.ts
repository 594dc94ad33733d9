// ai-prompt-decorator/: Kong's AI Prompt Decorator plugin schema, defined once — the `config`
// attribute table, its one cross-field rule (Kong's schema.lua: prepend or append is
// non-empty), and what derives from them. The registry (plugins/registry.ts) validates every
// source's plugin entities with it; the gateway runs the validated config (src/gateway/prompts/).
import type { CompiledSchema, EntityCheck, RecordOf, ValueOf } from '../kong-schema/index.js';
import { compileSchema, describeFields, el, set, type AttributeView } from '../kong-schema/index.js';
import { PROMPT_PLUGIN_PROTOCOLS } from '../ai-prompt-guard/index.js';
import { pluginRecordFields } from '../plugins/record.js';
import { decoratorConfigRecord } from './config.js';

export { decoratorConfigRecord as aiPromptDecoratorConfigRecord, DECORATOR_ROLES } from './config.js';

export const aiPromptDecoratorPluginFields = pluginRecordFields(decoratorConfigRecord).map((f) =>
  f.name === 'protocols'
    ? set('protocols', el.str({ enum: PROMPT_PLUGIN_PROTOCOLS }), {
        required: true,
        default: PROMPT_PLUGIN_PROTOCOLS,
        description: 'A set of strings representing HTTP protocols. Default: ["grpc","grpcs","http","https"]',
      })
    : f,
) as unknown as ReturnType<typeof pluginRecordFields<typeof decoratorConfigRecord>>;

export type AiPromptDecoratorConfig = ValueOf<typeof decoratorConfigRecord>;
export type AiPromptDecoratorPlugin = RecordOf<typeof aiPromptDecoratorPluginFields>;

const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;

/** Kong's at_least_one_of (an empty array counts as empty). */
const decoratorPluginChecks: readonly EntityCheck[] = [
  {
    kind: 'custom',
    fields: ['config.prompts.prepend', 'config.prompts.append'],
    check: (p) => {
      const prompts = ((p.config ?? {}) as { prompts?: Record<string, unknown> | null }).prompts ?? {};
      return nonEmpty(prompts.prepend) || nonEmpty(prompts.append)
        ? undefined
        : "at least one of these fields must be non-empty: 'config.prompts.prepend', 'config.prompts.append'";
    },
  },
];

export const aiPromptDecoratorPluginSchema: CompiledSchema<AiPromptDecoratorPlugin> = compileSchema<AiPromptDecoratorPlugin>(
  aiPromptDecoratorPluginFields,
  [{ at: [], checks: decoratorPluginChecks }],
);

export const aiPromptDecoratorConfigView: readonly AttributeView[] = describeFields(decoratorConfigRecord.fields, 'config');
