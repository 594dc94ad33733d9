// ai-proxy `config.model` and `config.model.options` (ai-proxy.md 1.4, 1.5).
import { int, num, rec, str } from '../kong-schema/index.js';
import { providerOptionRecords } from './provider-options.js';

/** Kong's schema order (3.10 first, later additions appended), used in `expected one of: …`. */
export const PROVIDERS = [
  'openai',
  'azure',
  'anthropic',
  'cohere',
  'mistral',
  'llama2',
  'gemini',
  'bedrock',
  'huggingface',
  'cerebras',
  'dashscope',
  'xai',
  'databricks',
  'deepseek',
  'ollama',
  'vllm',
] as const;

export const optionsRecord = rec(
  'options',
  [
    int('max_tokens', { description: 'Defines the max_tokens, if using chat or completion models.' }),
    num('input_cost', { gt: 0, description: 'Defines the cost per 1M tokens in your prompt.' }),
    num('output_cost', { gt: 0, description: 'Defines the cost per 1M tokens in the output of the AI.' }),
    num('temperature', {
      between: [0, 5],
      description: 'Defines the matching temperature, if using chat or completion models.',
    }),
    num('top_p', { between: [0, 1], description: 'Defines the top-p probability mass, if supported.' }),
    int('top_k', { between: [0, 500], description: 'Defines the top-k most likely tokens, if supported.' }),
    str('anthropic_version', { description: 'Defines the schema/API version, if using Anthropic provider.' }),
    str('azure_instance', { description: 'Instance name for Azure OpenAI hosted models.' }),
    str('azure_api_version', {
      default: '2023-05-15',
      description: '\'api-version\' for Azure OpenAI instances. Default: "2023-05-15"',
    }),
    str('azure_deployment_id', { description: 'Deployment ID for Azure OpenAI instances.' }),
    str('llama2_format', {
      enum: ['raw', 'openai', 'ollama'],
      description:
        'If using llama2 provider, select the upstream message format. possible known values include one of ["ollama", "openai", "raw"]',
    }),
    str('mistral_format', {
      enum: ['openai', 'ollama'],
      description:
        'If using mistral provider, select the upstream message format. possible known values include one of ["ollama", "openai"]',
    }),
    str('upstream_url', {
      typedef: 'url',
      description:
        'Manually specify or override the full URL to the AI operation endpoints, when calling (self-)hosted models, or for running via a private endpoint.',
    }),
    str('upstream_path', {
      deprecation:
        'llm: config.model.options.upstream_path is deprecated, please use config.model.options.upstream_url instead',
      description:
        "Manually specify or override the AI operation path, used when e.g. using the 'preserve' route_type.",
    }),
    int('embeddings_dimensions', {
      description: 'If using embeddings models, set the number of dimensions to generate.',
    }),
    ...providerOptionRecords,
  ] as const,
  { description: 'Key/value settings for the model' },
);

export const modelRecord = rec(
  'model',
  [
    str('provider', {
      required: true,
      enum: PROVIDERS,
      description:
        'AI provider request format - Kong translates requests to and from the specified backend compatible formats. possible known values include one of ["anthropic", "azure", "bedrock", "cerebras", "cohere", "dashscope", "databricks", "deepseek", "gemini", "huggingface", "llama2", "mistral", "ollama", "openai", "vllm", "xai"]',
    }),
    str('name', { description: 'Model name to execute.' }),
    str('model_alias', { description: 'The model name parameter from the request that this model should map to.' }),
    optionsRecord,
  ] as const,
  { required: true },
);
