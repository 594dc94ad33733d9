// Kong's classic prometheus series that map onto what this gateway measures (reference
// kong-ai-plugins.md §4, "Relation to the classic metrics"): `status_code_metrics` →
// kong_http_requests_total{service,route,code,source,workspace,consumer} (consumer only with
// `per_consumer`), `latency_metrics` → kong_request_latency_ms, kong_upstream_latency_ms
// {service,route,workspace} and kong_kong_latency_ms, on Kong's buckets. Created on first use.
import { Counter, Histogram } from 'prom-client';

const KONG_LATENCY_BUCKETS = [1, 2, 5, 7, 10, 15, 20, 30, 50, 75, 100, 200, 500, 750, 1000, 3000, 6000];
const UPSTREAM_LATENCY_BUCKETS = [25, 50, 80, 100, 250, 400, 700, 1000, 2000, 5000, 10000, 30000, 60000];

const HTTP_LABELS = ['service', 'route', 'code', 'source', 'workspace', 'consumer'] as const;
const LATENCY_LABELS = ['service', 'route', 'workspace'] as const;

interface KongMetricSet {
  readonly status: Counter<(typeof HTTP_LABELS)[number]>;
  readonly request: Histogram<(typeof LATENCY_LABELS)[number]>;
  readonly upstream: Histogram<(typeof LATENCY_LABELS)[number]>;
  readonly kong: Histogram<(typeof LATENCY_LABELS)[number]>;
}

let set: KongMetricSet | undefined;

function kongMetricSet(): KongMetricSet {
  const histogram = (name: string, help: string, buckets: number[]) => new Histogram({ name, help, labelNames: LATENCY_LABELS, buckets });
  set ??= {
    status: new Counter({ name: 'kong_http_requests_total', help: 'HTTP status codes per consumer/service/route in Kong', labelNames: HTTP_LABELS }),
    request: histogram('kong_request_latency_ms', 'Total latency incurred during requests for each service/route in Kong', UPSTREAM_LATENCY_BUCKETS),
    upstream: histogram('kong_upstream_latency_ms', 'Latency added by upstream response for each service/route in Kong', UPSTREAM_LATENCY_BUCKETS),
    kong: histogram('kong_kong_latency_ms', 'Latency added by Kong and enabled plugins for each service/route in Kong', KONG_LATENCY_BUCKETS),
  };
  return set;
}

/** One request as Kong's log phase serializes it. */
export interface KongRequestRecord {
  /** Service name, else host; '' without a service. */
  readonly service: string;
  /** Route name, else id. */
  readonly route: string;
  readonly code: number;
  /** kong.response.get_source(): service (the upstream answered), error (the call failed), exit (the gateway answered). */
  readonly source: 'service' | 'error' | 'exit';
  /** Username, else custom_id, else '' (used only with per_consumer). */
  readonly consumer: string;
  readonly requestMs: number;
  /** Null when no upstream call was answered. */
  readonly upstreamMs: number | null;
}

export interface KongMetricFlags {
  readonly status_code_metrics?: boolean | null;
  readonly latency_metrics?: boolean | null;
  readonly per_consumer?: boolean | null;
}

export function recordKongMetrics(flags: KongMetricFlags, r: KongRequestRecord): void {
  if (!flags.status_code_metrics && !flags.latency_metrics) return;
  const m = kongMetricSet();
  const where = { service: r.service, route: r.route, workspace: 'default' };
  if (flags.status_code_metrics)
    m.status.inc({ ...where, code: String(r.code), source: r.source, consumer: flags.per_consumer ? r.consumer : '' });
  if (flags.latency_metrics) {
    m.request.observe(where, r.requestMs);
    if (r.upstreamMs !== null) {
      m.upstream.observe(where, r.upstreamMs);
      m.kong.observe(where, Math.max(0, r.requestMs - r.upstreamMs));
    }
  }
}
