// prometheus's `config` record: the one attribute table (Kong 3.15's schema = Konnect's
// `PrometheusPlugin`, reference kong-ai-plugins.md §4; descriptions verbatim from the official
// provider's OpenAPI). Every flag defaults to false; `wasm_metrics` is null by default.
import { bool, rec } from '../kong-schema/index.js';

export const prometheusConfigRecord = rec(
  'config',
  [
    bool('ai_metrics', {
      default: false,
      description:
        'A boolean value that determines if ai metrics should be collected. If enabled, the `ai_llm_requests_total`, `ai_llm_cost_total` and `ai_llm_tokens_total` metrics will be exported.',
    }),
    bool('bandwidth_metrics', {
      default: false,
      description:
        'A boolean value that determines if bandwidth metrics should be collected. If enabled, `bandwidth_bytes` and `stream_sessions_total` metrics will be exported.',
    }),
    bool('latency_metrics', {
      default: false,
      description:
        'A boolean value that determines if latency metrics should be collected. If enabled, `kong_latency_ms`, `upstream_latency_ms` and `request_latency_ms` metrics will be exported.',
    }),
    bool('per_consumer', {
      default: false,
      description:
        'A boolean value that determines if per-consumer metrics should be collected. If enabled, the `kong_http_requests_total` and `kong_bandwidth_bytes` metrics fill in the consumer label when available.',
    }),
    bool('status_code_metrics', {
      default: false,
      description:
        'A boolean value that determines if status code metrics should be collected. If enabled, `http_requests_total`, `stream_sessions_total` metrics will be exported.',
    }),
    bool('upstream_health_metrics', {
      default: false,
      description:
        'A boolean value that determines if upstream metrics should be collected. If enabled, `upstream_target_health` metric will be exported.',
    }),
    bool('wasm_metrics', { nullable: true }),
  ] as const,
  { required: true },
);
