// metrics/: the gateway's Prometheus metrics (prom-client), Kong's AI and classic metrics, ai-proxy-advanced's
// failover and circuit-breaker series, and their aggregation across workers.
export { gatewayMetrics, metricsRegistry, type GatewayMetrics } from './registry.js';
export { AI_LABELS, AI_LATENCY_BUCKETS_MS, AI_TOKEN_LABELS, recordAiMetrics, type AiUsageRecord } from './ai-metrics.js';
export { recordKongMetrics, type KongMetricFlags, type KongRequestRecord } from './kong-metrics.js';
export { answerPrimaryMetricRequests, clusterMetrics } from './cluster.js';
export { balancerMetrics, reportEjectedTargets, type BalancerMetrics, type EjectedTarget } from './balancer-metrics.js';
