// ai-proxy-advanced's `config.balancer` record (Kong 3.15 = Konnect's AiProxyAdvancedPlugin,
// reference kong-ai-plugins.md §1.2; descriptions from the official provider's OpenAPI).
import { arr, el, int, rec, str } from '../kong-schema/index.js';

/** Kong's order (3.8's values, then `priority` 3.10 and `least-connections` 3.13 appended [inferred]). */
export const BALANCER_ALGORITHMS = [
  'round-robin',
  'lowest-latency',
  'lowest-usage',
  'consistent-hashing',
  'semantic',
  'priority',
  'least-connections',
] as const;

/** The nginx `proxy_next_upstream` options Kong accepts (§1.5). */
export const FAILOVER_CRITERIA = [
  'error',
  'timeout',
  'invalid_header',
  'http_403',
  'http_404',
  'http_429',
  'http_500',
  'http_502',
  'http_503',
  'http_504',
  'non_idempotent',
] as const;

export const LATENCY_STRATEGIES = ['tpot', 'e2e'] as const;
/** Hyphens, as the enum validates (the field's description says `total_tokens`: a docs slip). */
export const TOKENS_COUNT_STRATEGIES = ['total-tokens', 'prompt-tokens', 'completion-tokens', 'cost', 'llm-accuracy'] as const;

const MAX_MS = 2147483646;
const timeout = <const N extends 'connect_timeout' | 'write_timeout' | 'read_timeout'>(name: N) =>
  int(name, { default: 60000, between: [1, MAX_MS], description: 'Default: 60000' });

export const balancerRecord = rec(
  'balancer',
  [
    str('algorithm', {
      default: 'round-robin',
      enum: BALANCER_ALGORITHMS,
      description: 'Which load balancing algorithm to use. Default: "round-robin"',
    }),
    str('tokens_count_strategy', {
      default: 'total-tokens',
      enum: TOKENS_COUNT_STRATEGIES,
      description:
        'What tokens to use for usage calculation. Available values are: `total_tokens` `prompt_tokens`, `completion_tokens` and `cost`. Default: "total-tokens"',
    }),
    str('latency_strategy', {
      default: 'tpot',
      enum: LATENCY_STRATEGIES,
      description: 'What metrics to use for latency. Available values are: `tpot` (time-per-output-token) and `e2e`. Default: "tpot"',
    }),
    str('hash_on_header', {
      default: 'X-Kong-LLM-Request-ID',
      description: 'The header to use for consistent-hashing. Default: "X-Kong-LLM-Request-ID"',
    }),
    int('slots', { default: 10000, between: [10, 65536], description: 'The number of slots in the load balancer algorithm. Default: 10000' }),
    int('retries', { default: 5, between: [0, 32767], description: 'The number of retries to execute upon failure to proxy. Default: 5' }),
    timeout('connect_timeout'),
    timeout('write_timeout'),
    timeout('read_timeout'),
    arr('failover_criteria', el.str({ enum: FAILOVER_CRITERIA }), {
      default: ['error', 'timeout'],
      description:
        'Specifies in which cases an upstream response should be failover to the next target. Each option in the array is equivalent to the function of http://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_next_upstream. Default: ["error","timeout"]',
    }),
    int('max_fails', {
      default: 0,
      between: [0, 32767],
      description:
        'Number of unsuccessful attempts to communicate with a target that should occur in the duration defined by `fail_timeout` before the target is considered unavailable. The zero value disables the circuit breaker. What is considered an unsuccessful attempt is defined by `failover_criteria`. Note the cases of `error`, `timeout` and `invalid_header` are always considered unsuccessful attempts, while the cases of `http_403` and `http_404` are never considered unsuccessful attempts. Default: 0',
    }),
    int('fail_timeout', {
      default: 10000,
      between: [1, MAX_MS],
      description:
        'The period of time (in milliseconds) the target will be considered unavailable after the number of unsuccessful attempts reaches `max_fails`. Default: 10000',
    }),
  ] as const,
  // Kong requires the record and fills it when absent. An explicit null (what the official
  // provider sends when `balancer` is not configured) is accepted and kept, so a refresh shows
  // no drift; it means every default (balancerOf in index.ts).
  { required: true, nullable: true },
);
