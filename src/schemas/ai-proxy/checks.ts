// ai-proxy's cross-field rules with Kong's exact messages (ai-proxy.md 1.6). `configChecks`
// land in `fields.config["@entity"]`; `pluginChecks` (the native llm_format rules) in the
// top-level `fields["@entity"]` plus the field Kong names (`value must be …`).
import type { EntityCheck } from '../kong-schema/index.js';
import { getPath } from '../kong-schema/index.js';

const requiredFor = (provider: string, option: string): EntityCheck => ({
  kind: 'conditional',
  ifField: 'model.provider',
  ifOneOf: [provider],
  thenField: `model.options.${option}`,
  then: { required: true },
  thenErr: `must set 'model.options.${option}' for ${provider} provider`,
});

export const configChecks: readonly EntityCheck[] = [
  { kind: 'mutually_required', fields: ['auth.header_name', 'auth.header_value'] },
  { kind: 'mutually_required', fields: ['auth.param_name', 'auth.param_value', 'auth.param_location'] },
  {
    kind: 'custom',
    fields: ['model.provider', 'auth.allow_override'],
    check: (config) => {
      const provider = getPath(config, 'model.provider');
      if ((provider === 'bedrock' || provider === 'gemini') && getPath(config, 'auth.allow_override') === true)
        return 'bedrock and gemini only support auth.allow_override = false';
      return undefined;
    },
  },
  requiredFor('llama2', 'llama2_format'),
  requiredFor('mistral', 'mistral_format'),
  requiredFor('anthropic', 'anthropic_version'),
  requiredFor('azure', 'azure_instance'),
  requiredFor('azure', 'azure_api_version'),
  requiredFor('azure', 'azure_deployment_id'),
  {
    kind: 'conditional',
    ifField: 'model.provider',
    ifOneOf: ['llama2'],
    thenField: 'model.options.upstream_url',
    then: { required: true },
    thenErr: "must set 'model.options.upstream_url' for self-hosted providers/models",
  },
  {
    kind: 'custom',
    fields: ['model.provider', 'route_type', 'logging.log_statistics'],
    check: (config) =>
      getPath(config, 'model.provider') === 'anthropic' &&
      getPath(config, 'route_type') === 'llm/v1/completions' &&
      getPath(config, 'logging.log_statistics') === true
        ? 'anthropic does not support statistics when route_type is llm/v1/completions'
        : undefined,
  },
];

/** Every llm_format other than `openai` is native. Kong publishes the bedrock/gemini rules; the
 * same rules for cohere, huggingface and anthropic follow Kong's docs ("only the corresponding
 * provider is supported") by analogy, as the digest suggests. */
const NATIVE_FORMATS = ['bedrock', 'gemini', 'cohere', 'huggingface', 'anthropic'] as const;

export const pluginChecks: readonly EntityCheck[] = [
  {
    kind: 'conditional',
    ifField: 'config.llm_format',
    ifOneOf: NATIVE_FORMATS,
    thenField: 'config.route_type',
    then: { eq: () => 'llm/v1/chat' },
    thenErr: "native provider options in llm_format can only be used with the 'llm/v1/chat' route_type",
    fieldMessage: true,
  },
  {
    kind: 'conditional',
    ifField: 'config.llm_format',
    ifOneOf: NATIVE_FORMATS,
    thenField: 'config.model.provider',
    then: { eq: (format) => format },
    thenErr: (format) => `native llm_format '${String(format)}' can only be used with the '${String(format)}' model.provider`,
    fieldMessage: true,
  },
];
