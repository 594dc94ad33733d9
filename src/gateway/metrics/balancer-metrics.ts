// ai-proxy-advanced's failovers, skips and circuit breaker, as Prometheus series of this gateway
// (Kong publishes none for them; the labels follow Kong's AI metrics: ai_provider, ai_model,
// workspace, plus the request's service and route). Always on, like the ai_gateway_* series;
// created on first use, so a gateway without ai-proxy-advanced shows none.
//   ai_gateway_ai_target_failures_total{service,route,ai_provider,ai_model,target,criterion,outcome,workspace}
//       a try that failed by failover_criteria; outcome: failover (another target was tried),
//       returned (the client got this failure), cut (a stream failed after its first bytes)
//   ai_gateway_ai_target_skips_total{service,route,ai_provider,ai_model,target,reason,workspace}
//       a target passed over without a try: circuit_breaker (ejected), cannot_serve (its driver
//       refused the request on a retry)
//   ai_gateway_ai_target_ejections_total{ai_provider,ai_model,target,plugin_id,workspace}
//       the circuit breaker ejected the target (max_fails reached)
//   ai_gateway_ai_target_ejected{ai_provider,ai_model,target,plugin_id,workspace}
//       1 while the target is ejected, per worker (the status listener sums the workers: the
//       number of workers in which it is ejected)
import { Counter, Gauge } from 'prom-client';

const TARGET = ['ai_provider', 'ai_model', 'target'] as const;

export interface EjectedTarget {
  readonly pluginId: string;
  readonly provider: string;
  readonly model: string;
  readonly index: number;
}

export interface BalancerMetrics {
  readonly failures: Counter<'service' | 'route' | (typeof TARGET)[number] | 'criterion' | 'outcome' | 'workspace'>;
  readonly skips: Counter<'service' | 'route' | (typeof TARGET)[number] | 'reason' | 'workspace'>;
  readonly ejections: Counter<(typeof TARGET)[number] | 'plugin_id' | 'workspace'>;
}

let metrics: BalancerMetrics | undefined;
let ejectedNow: () => readonly EjectedTarget[] = () => [];

/** Where the ejected gauge reads the targets ejected at scrape time (the proxy's balancers). */
export function reportEjectedTargets(source: () => readonly EjectedTarget[]): void {
  ejectedNow = source;
}

export function balancerMetrics(): BalancerMetrics {
  if (metrics !== undefined) return metrics;
  metrics = {
    failures: new Counter({
      name: 'ai_gateway_ai_target_failures_total',
      help: 'ai-proxy-advanced tries that failed by failover_criteria, by target, criterion and outcome (failover, returned, cut)',
      labelNames: ['service', 'route', ...TARGET, 'criterion', 'outcome', 'workspace'],
    }),
    skips: new Counter({
      name: 'ai_gateway_ai_target_skips_total',
      help: 'ai-proxy-advanced targets passed over without a try, by reason (circuit_breaker, cannot_serve)',
      labelNames: ['service', 'route', ...TARGET, 'reason', 'workspace'],
    }),
    ejections: new Counter({
      name: 'ai_gateway_ai_target_ejections_total',
      help: 'ai-proxy-advanced targets ejected by the circuit breaker (max_fails reached)',
      labelNames: [...TARGET, 'plugin_id', 'workspace'],
    }),
  };
  new Gauge({
    name: 'ai_gateway_ai_target_ejected',
    help: 'ai-proxy-advanced targets ejected by the circuit breaker right now (1 per worker in which the target is ejected)',
    labelNames: [...TARGET, 'plugin_id', 'workspace'],
    collect() {
      this.reset();
      for (const t of ejectedNow()) this.set({ ai_provider: t.provider, ai_model: t.model, target: String(t.index), plugin_id: t.pluginId, workspace: 'default' }, 1);
    },
  });
  return metrics;
}
