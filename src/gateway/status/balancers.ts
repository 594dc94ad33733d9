// GET /status's `ai_proxy_advanced`: every enabled ai-proxy-advanced instance in force with its
// balancer's state — each target's health (healthy, ejected until when, half-open), the failures
// the circuit breaker counts, requests in flight and the algorithm's measure. The state is per
// process: a multi-worker gateway lists it per worker (cli/run.ts asks each worker).
import { targetStates, type ExplainTarget } from '../explain/balancer.js';
import type { CompiledConfig } from '../proxy/index.js';

export interface AdvancedStatus {
  readonly plugin_id: string;
  readonly instance_name: string | null;
  readonly algorithm: string;
  readonly circuit_breaker: { readonly max_fails: number; readonly fail_timeout: number };
  /** Why the balancer cannot run (semantic), or null. */
  readonly problem: string | null;
  readonly targets: readonly ExplainTarget[];
}

export function balancersStatus(compiled: CompiledConfig, nowMs = Date.now()): AdvancedStatus[] {
  return [...compiled.advanced.values()].map((adv) => ({
    plugin_id: adv.plugin.id,
    instance_name: adv.plugin.instance_name,
    algorithm: adv.balancerConfig.algorithm,
    circuit_breaker: { max_fails: adv.balancerConfig.max_fails, fail_timeout: adv.balancerConfig.fail_timeout },
    problem: adv.problem,
    targets: targetStates(adv, nowMs),
  }));
}
