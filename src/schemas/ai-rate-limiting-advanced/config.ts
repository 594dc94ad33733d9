// ai-rate-limiting-advanced's `config` record: the one attribute table (Kong 3.15's schema =
// Konnect's `AiRateLimitingAdvancedPlugin`, reference kong-ai-plugins.md §2.1; descriptions from
// the official provider's OpenAPI). Validation, defaults, the view and the value types derive from it.
import { arr, bool, el, int, num, rec, str } from '../kong-schema/index.js';

/** `llm_providers[].name` (Kong's order). */
export const RLA_PROVIDERS = [
  'anthropic', 'azure', 'bedrock', 'cohere', 'customCost', 'gemini', 'huggingface', 'llama2', 'mistral', 'openai', 'requestPrompt',
] as const;
/** Kong's order: ip, credential, consumer, service, header, path, consumer-group. */
export const RLA_IDENTIFIERS = ['ip', 'credential', 'consumer', 'service', 'header', 'path', 'consumer-group'] as const;
export const RLA_STRATEGIES = ['cluster', 'redis', 'local'] as const;
export const RLA_TOKEN_STRATEGIES = ['total_tokens', 'prompt_tokens', 'completion_tokens', 'cost'] as const;
export const RLA_WINDOW_TYPES = ['sliding', 'fixed'] as const;
export const RLA_MATCH_TYPES = ['consumer', 'consumer_group', 'header', 'ip', 'model', 'path', 'provider'] as const;

const host = (name: 'host' | 'ip') =>
  str(name, { default: '127.0.0.1', description: 'A string representing a host name, such as example.com.' });
const port = int('port', { default: 6379, between: [0, 65535], description: 'An integer representing a port number between 0 and 65535, inclusive.' });
const timeout = <const N extends string>(name: N) =>
  int(name, { default: 2000, between: [0, 2147483646], description: 'An integer representing a timeout in milliseconds. Must be between 0 and 2^31-2.' });
const secret = <const N extends string>(name: N, description: string) => str(name, { encrypted: true, referenceable: true, sensitive: true, description });

const cloudAuthentication = rec('cloud_authentication', [
  str('auth_provider', { enum: ['aws', 'azure', 'gcp'], referenceable: true, description: "Auth providers to be used to authenticate to a Cloud Provider's Redis instance." }),
  secret('aws_access_key_id', 'AWS Access Key ID to be used for authentication when `auth_provider` is set to `aws`.'),
  secret('aws_assume_role_arn', 'The ARN of the IAM role to assume for generating ElastiCache IAM authentication tokens.'),
  str('aws_cache_name', { referenceable: true, description: 'The name of the AWS Elasticache cluster when `auth_provider` is set to `aws`.' }),
  bool('aws_is_serverless', { default: true, description: 'This flag specifies whether the cluster is serverless when auth_provider is set to `aws`.' }),
  str('aws_region', { referenceable: true, description: 'The region of the AWS ElastiCache cluster when `auth_provider` is set to `aws`.' }),
  secret('aws_role_session_name', 'The session name for the temporary credentials when assuming the IAM role.'),
  secret('aws_secret_access_key', 'AWS Secret Access Key to be used for authentication when `auth_provider` is set to `aws`.'),
  secret('azure_client_id', 'Azure Client ID to be used for authentication when `auth_provider` is set to `azure`.'),
  secret('azure_client_secret', 'Azure Client Secret to be used for authentication when `auth_provider` is set to `azure`.'),
  secret('azure_tenant_id', 'Azure Tenant ID to be used for authentication when `auth_provider` is set to `azure`.'),
  secret('gcp_service_account_json', 'GCP Service Account JSON to be used for authentication when `auth_provider` is set to `gcp`.'),
] as const);

/** Kong's shared `redis-ee` record (the partial `config.redis`). */
export const rlaRedisRecord = rec(
  'redis',
  [
    host('host'),
    port,
    timeout('connect_timeout'),
    timeout('send_timeout'),
    timeout('read_timeout'),
    str('username', { referenceable: true, description: 'Username to use for Redis connections. If undefined, ACL authentication won\'t be performed. This requires Redis v6.0.0+.' }),
    secret('password', 'Password to use for Redis connections. If undefined, no AUTH commands are sent to Redis.'),
    int('database', { default: 0, description: 'Database to use for the Redis connection when using the `redis` strategy' }),
    bool('ssl', { default: false, description: 'If set to true, uses SSL to connect to Redis.' }),
    bool('ssl_verify', { default: false, description: 'If set to true, verifies the validity of the server SSL certificate.' }),
    str('server_name', { referenceable: true, description: 'A string representing an SNI (server name indication) value for TLS.' }),
    int('keepalive_pool_size', { default: 256, between: [1, 2147483646], description: 'The size limit for every cosocket connection pool associated with every remote server, per worker process.' }),
    int('keepalive_backlog', { between: [0, 2147483646], description: 'Limits the total number of opened connections for a pool.' }),
    str('sentinel_master', { description: 'Sentinel master to use for Redis connections. Defining this value implies using Redis Sentinel.' }),
    str('sentinel_role', { enum: ['master', 'slave', 'any'], description: 'Sentinel role to use for Redis connections when the `redis` strategy is defined.' }),
    arr('sentinel_nodes', el.rec([host('host'), port] as const), { lenMin: 1, description: 'Sentinel node addresses to use for Redis connections when the `redis` strategy is defined.' }),
    str('sentinel_username', { referenceable: true, description: 'Sentinel username to authenticate with a Redis Sentinel instance.' }),
    secret('sentinel_password', 'Sentinel password to authenticate with a Redis Sentinel instance.'),
    arr('cluster_nodes', el.rec([host('ip'), port] as const), { lenMin: 1, description: 'Cluster addresses to use for Redis connections when the `redis` strategy is defined.' }),
    int('cluster_max_redirections', { default: 5, description: 'Maximum retry attempts for redirection.' }),
    bool('connection_is_proxied', { default: false, description: 'If the connection to Redis is proxied (e.g. Envoy), set it `true`.' }),
    cloudAuthentication,
  ] as const,
  // Absent: Kong fills the record's defaults. Explicit null: Konnect's OpenAPI declares
  // `config.redis` nullable (what the official provider sends when it is not configured); the
  // gateway then connects with the same defaults (src/gateway/ratelimit/limiter.ts).
  { required: true, nullable: true },
);

const llmProvider = el.rec([
  str('name', { required: true, enum: RLA_PROVIDERS, description: 'The LLM provider to which the rate limit applies.' }),
  arr('limit', el.num(), {
    required: true,
    description: 'One or more requests-per-window limits to apply. There must be a matching number of window limits and sizes specified.',
  }),
  arr('window_size', el.num(), {
    required: true,
    description: 'One or more window sizes to apply a limit to (defined in seconds). There must be a matching number of window limits and sizes specified.',
  }),
] as const);

const policy = el.rec([
  str('id', { typedef: 'uuid', description: 'UUID reference to a reusable ai_rate_limiting_policies DAO entity. Mutually exclusive with inline limits.' }),
  arr(
    'match',
    el.rec([
      str('type', { required: true, enum: RLA_MATCH_TYPES, description: 'The attribute to match against.' }),
      str('key', { description: 'Sub-key for consumer (id|username|custom_id), consumer_group (id|name), or header (header name).' }),
      arr('values', el.str(), { description: 'Values to match. If omitted, matches any value of this type.' }),
      bool('partition_by', { default: false, description: 'If true, the matched value contributes to the composite rate limit counter key.' }),
    ] as const),
    { description: 'Array of match conditions (AND logic). If omitted, this policy acts as a fallback for unmatched requests.' },
  ),
  arr(
    'limits',
    el.rec([
      num('limit', { required: true, description: 'The rate limit threshold for this window.' }),
      int('window_size', { required: true, description: 'The window size in seconds.' }),
      str('tokens_count_strategy', { default: 'total_tokens', enum: RLA_TOKEN_STRATEGIES, description: 'What to count for this limit.' }),
    ] as const),
    { description: 'Rate limits to enforce when this policy matches.' },
  ),
  str('window_type', { default: 'sliding', enum: RLA_WINDOW_TYPES, description: 'The time window type for this policy.' }),
] as const);

export const rlaConfigRecord = rec(
  'config',
  [
    str('identifier', {
      required: true,
      default: 'consumer',
      enum: RLA_IDENTIFIERS,
      description:
        'The type of identifier used to generate the rate limit key. Defines the scope used to increment the rate limiting counters. Can be `ip`, `credential`, `consumer`, `service`, `header`, `path` or `consumer-group`. Note if `identifier` is `consumer-group`, the plugin must be applied on a consumer group entity. Because a consumer may belong to multiple consumer groups, the plugin needs to know explicitly which consumer group to limit the rate.',
    }),
    str('window_type', {
      required: true,
      default: 'sliding',
      enum: RLA_WINDOW_TYPES,
      description:
        "Sets the time window type to either `sliding` (default) or `fixed`. Sliding windows apply the rate limiting logic while taking into account previous hit rates (from the window that immediately precedes the current) using a dynamic weight. Fixed windows consist of buckets that are statically assigned to a definitive time range, each request is mapped to only one fixed window based on its timestamp and will affect only that window's counters.",
    }),
    str('strategy', {
      required: true,
      default: 'local',
      enum: RLA_STRATEGIES,
      description: 'The rate-limiting strategy to use for retrieving and incrementing the limits. Available values are: `local`, `redis` and `cluster`.',
    }),
    str('dictionary_name', {
      required: true,
      default: 'kong_rate_limiting_counters',
      description: 'The shared dictionary where counters are stored.',
    }),
    num('sync_rate', {
      description:
        'How often to sync counter data to the central data store. A value of 0 results in synchronous behavior; a value of -1 ignores sync behavior entirely and only stores counters in node memory. A value greater than 0 will sync the counters in the specified number of seconds. The minimum allowed interval is 0.02 seconds (20ms).',
    }),
    str('namespace', {
      description:
        'The rate limiting library namespace to use for this plugin instance. Counter data and sync configuration is isolated in each namespace.',
    }),
    str('header_name', { description: 'A string representing an HTTP header name.' }),
    str('path', {
      description:
        'A string representing a URL path, such as /path/to/resource. Must start with a forward slash (/) and must not contain empty segments (i.e., two consecutive forward slashes).',
    }),
    bool('hide_client_headers', {
      required: true,
      default: false,
      description: 'Optionally hide informative response headers that would otherwise provide information about the current status of limits and counters.',
    }),
    num('retry_after_jitter_max', {
      required: true,
      default: 0,
      description:
        'The upper bound of a jitter (random delay) in seconds to be added to the `Retry-After` header of denied requests (status = `429`) in order to prevent all the clients from coming back at the same time. The lower bound of the jitter is `0`; in this case, the `Retry-After` header is equal to the `RateLimit-Reset` header.',
    }),
    bool('disable_penalty', {
      required: true,
      default: false,
      description:
        "If set to `true`, this doesn't count denied requests (status = `429`). If set to `false`, all requests, including denied ones, are counted. This parameter only affects the `sliding` window_type and the request prompt provider.",
    }),
    num('error_code', { default: 429, gt: 0, description: 'Set a custom error code to return when the rate limit is exceeded.' }),
    str('error_message', {
      default: 'AI token rate limit exceeded for provider(s): ',
      description: 'Set a custom error message to return when the rate limit is exceeded.',
    }),
    bool('error_hide_providers', {
      default: false,
      description: 'Optionally hide informative response that would otherwise provide information about the provider in the error message.',
    }),
    str('tokens_count_strategy', {
      default: 'total_tokens',
      enum: RLA_TOKEN_STRATEGIES,
      description: 'What tokens to use for cost calculation. Available values are: `total_tokens` `prompt_tokens`, `completion_tokens` or `cost`.',
    }),
    arr('llm_providers', llmProvider, {
      description: 'The provider config. Takes an array of `name`, `limit` and `window size` values. Mutually exclusive with `policies`.',
    }),
    arr('policies', policy, {
      description: 'Policy-based rate limiting. Each policy defines match conditions and limits. Mutually exclusive with `llm_providers`.',
    }),
    str('llm_format', {
      enum: ['openai', 'bedrock', 'gemini', 'cohere', 'huggingface', 'anthropic'],
      deprecation: 'ai-rate-limiting-advanced: config.llm_format is deprecated',
      description: 'LLM input and output format and schema to use',
    }),
    str('request_prompt_count_function', { description: 'If defined, it use custom function to count requests for the request prompt provider' }),
    str('custom_cost_count_function', { description: 'If defined, it uses custom function to generate cost for the inference request' }),
    bool('decrease_by_fractions_in_redis', {
      default: false,
      description: 'By default, Kong decreates the AI rate limiting counters by whole number in Redis. This setting allows to decrease the counters by float number.',
    }),
    rlaRedisRecord,
  ] as const,
  { required: true },
);
