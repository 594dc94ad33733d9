// What the `semantic` algorithm needs: `config.embeddings` (Kong's llm embeddings schema: the
// ai-proxy auth record, an embeddings model) and `config.vectordb` (Kong's llm vectordb schema:
// dimensions, distance metric, a redis or pgvector store). Both optional; when given, their
// required fields are required, as in Kong's schema (kong-ai-plugins.md §1.1). The gateway
// validates and keeps them but does not run a vector store (src/gateway/balancer refuses
// `semantic` with a configuration error).
import { bool, int, num, rec, str } from '../kong-schema/index.js';
import { authRecord } from '../ai-proxy/auth.js';
import { providerOptionRecords } from '../ai-proxy/provider-options.js';
import { rlaRedisRecord } from '../ai-rate-limiting-advanced/config.js';

export const EMBEDDINGS_PROVIDERS = ['openai', 'mistral', 'huggingface', 'azure', 'bedrock', 'gemini', 'ollama'] as const;
export const DISTANCE_METRICS = ['cosine', 'euclidean'] as const;
export const VECTORDB_STRATEGIES = ['redis', 'pgvector'] as const;

/** ai-proxy's `model.options.<provider>` records the embeddings model shares unchanged. */
const sharedOption = <const N extends 'bedrock' | 'huggingface'>(name: N) => {
  const r = providerOptionRecords.find((o) => o.name === name);
  if (!r) throw new Error(`ai-proxy has no ${name} option record`);
  return r as Extract<(typeof providerOptionRecords)[number], { name: N }>;
};

const embeddingsModel = rec(
  'model',
  [
    str('provider', { required: true, enum: EMBEDDINGS_PROVIDERS, description: 'AI provider format to use for embeddings API' }),
    str('name', { required: true, description: 'Model name to execute.' }),
    rec(
      'options',
      [
        str('upstream_url', { description: 'upstream url for the embeddings' }),
        rec('azure', [
          str('instance', { description: 'Instance name for Azure OpenAI hosted models.' }),
          str('api_version', { default: '2023-05-15', description: "'api-version' for Azure OpenAI instances. Default: \"2023-05-15\"" }),
          str('deployment_id', { description: 'Deployment ID for Azure OpenAI instances.' }),
        ] as const),
        sharedOption('bedrock'),
        rec('gemini', [
          str('api_endpoint', { description: 'If running Gemini on Vertex, specify the regional API endpoint (hostname only).' }),
          str('project_id', { description: 'If running Gemini on Vertex, specify the project ID.' }),
          str('location_id', { description: 'If running Gemini on Vertex, specify the location ID.' }),
        ] as const),
        sharedOption('huggingface'),
      ] as const,
      { description: 'Key/value settings for the model' },
    ),
  ] as const,
  { required: true },
);

export const embeddingsRecord = rec('embeddings', [authRecord, embeddingsModel] as const);

const pgvector = rec('pgvector', [
  str('host', { default: '127.0.0.1', description: 'the host of the pgvector database. Default: "127.0.0.1"' }),
  int('port', { default: 5432, description: 'the port of the pgvector database. Default: 5432' }),
  str('user', { default: 'postgres', description: 'the user of the pgvector database. Default: "postgres"' }),
  str('password', { referenceable: true, encrypted: true, sensitive: true, description: 'the password of the pgvector database' }),
  str('database', { default: 'kong-pgvector', description: 'the database of the pgvector database. Default: "kong-pgvector"' }),
  num('timeout', { default: 5000, description: 'the timeout of the pgvector database. Default: 5000' }),
  bool('ssl', { default: false, description: 'whether to use ssl for the pgvector database. Default: false' }),
  bool('ssl_required', { default: false, description: 'whether ssl is required for the pgvector database. Default: false' }),
  bool('ssl_verify', { default: false, description: 'whether to verify ssl for the pgvector database. Default: false' }),
  str('ssl_version', {
    default: 'tlsv1_2',
    enum: ['tlsv1_2', 'tlsv1_3', 'any'],
    description: 'the ssl version to use for the pgvector database. Default: "tlsv1_2"',
  }),
  str('ssl_cert', { description: 'the path of ssl cert to use for the pgvector database' }),
  str('ssl_cert_key', { description: 'the path of ssl cert key to use for the pgvector database' }),
] as const);

/** Kong's shared redis-ee record (the one ai-rate-limiting-advanced uses), optional here. */
const redis = { ...rlaRedisRecord, required: false, nullable: false } as const;

export const vectordbRecord = rec('vectordb', [
  str('strategy', { required: true, enum: VECTORDB_STRATEGIES, description: 'which vector database driver to use' }),
  int('dimensions', { required: true, description: 'the desired dimensionality for the vectors' }),
  num('threshold', {
    description:
      'the default similarity threshold for accepting semantic search results (float). Higher threshold means more results are considered similar.',
  }),
  str('distance_metric', { required: true, enum: DISTANCE_METRICS, description: 'the distance metric to use for vector searches' }),
  redis,
  pgvector,
] as const);
