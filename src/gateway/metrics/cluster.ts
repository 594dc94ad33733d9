// Metrics across node:cluster workers. The primary's AggregatorRegistry asks every worker over
// IPC and sums the answers; a worker answers only once it has constructed an AggregatorRegistry
// itself — prom-client 15 installs the worker-side listener in that constructor, not on import
// (prometheus/client_js#747). Without it every /metrics waited prom-client's 5 s and failed.
import cluster from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';

let answering = false;

/** In a worker, as early as possible: answer the primary's metric requests (idempotent). */
export function answerPrimaryMetricRequests(): void {
  if (answering || !cluster.isWorker) return;
  answering = true;
  new AggregatorRegistry(); // installs process.on('message') for prom-client:getMetricsReq
}

/** In the primary: Prometheus text aggregated over every connected worker. */
export function clusterMetrics(): { readonly contentType: string; metrics(): Promise<string> } {
  const aggregator = new AggregatorRegistry();
  return { contentType: aggregator.contentType, metrics: () => aggregator.clusterMetrics() };
}
