// metrics/: the gateway's Prometheus metrics (prom-client), and their aggregation across workers.
export { gatewayMetrics, metricsRegistry, type GatewayMetrics } from './registry.js';
export { answerPrimaryMetricRequests, clusterMetrics } from './cluster.js';
