// Prometheus metrics (prom-client) for proxied AI traffic, by route, model and status. Kept in
// prom-client's default registry so node:cluster workers can be aggregated by the primary's
// AggregatorRegistry on the status listener.
import { Counter, Histogram, register } from 'prom-client';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export interface GatewayMetrics {
  readonly requests: Counter<'route' | 'model' | 'status'>;
  readonly latency: Histogram<'route' | 'model' | 'status'>;
  readonly upstreamLatency: Histogram<'route' | 'model' | 'status'>;
  readonly timeToFirstToken: Histogram<'route' | 'model'>;
  readonly tokens: Counter<'route' | 'model' | 'token_type'>;
  readonly upstreamFailures: Counter<'route' | 'cause'>;
}

let metrics: GatewayMetrics | undefined;

export function gatewayMetrics(): GatewayMetrics {
  metrics ??= {
    requests: new Counter({ name: 'ai_gateway_requests_total', help: 'Requests proxied, by route, model and status', labelNames: ['route', 'model', 'status'] }),
    latency: new Histogram({
      name: 'ai_gateway_request_duration_seconds',
      help: 'Time from request received to response finished',
      labelNames: ['route', 'model', 'status'],
      buckets: LATENCY_BUCKETS,
    }),
    upstreamLatency: new Histogram({
      name: 'ai_gateway_upstream_latency_seconds',
      help: 'Time from request sent upstream to upstream response headers',
      labelNames: ['route', 'model', 'status'],
      buckets: LATENCY_BUCKETS,
    }),
    timeToFirstToken: new Histogram({
      name: 'ai_gateway_time_to_first_token_seconds',
      help: 'Streaming: time from request received to the first event sent to the client',
      labelNames: ['route', 'model'],
      buckets: LATENCY_BUCKETS,
    }),
    tokens: new Counter({ name: 'ai_gateway_tokens_total', help: 'LLM tokens, by token_type prompt|completion', labelNames: ['route', 'model', 'token_type'] }),
    upstreamFailures: new Counter({
      name: 'ai_gateway_upstream_failures_total',
      help: 'Failed upstream calls (refused, timed out, reset, TLS; before or after the response started), by route and cause',
      labelNames: ['route', 'cause'],
    }),
  };
  return metrics;
}

export { register as metricsRegistry };
