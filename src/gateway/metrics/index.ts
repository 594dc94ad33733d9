// metrics/: the gateway's Prometheus metrics (prom-client).
export { gatewayMetrics, metricsRegistry, type GatewayMetrics } from './registry.js';
