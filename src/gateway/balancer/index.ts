// balancer/: ai-proxy-advanced's target selection — the algorithms (one file each), the
// circuit breaker and what they share — behind the contract in types.ts. One balancer per
// plugin instance and worker process; the proxy picks, begins and ends each attempt.
import { SafeError } from '../../common/index.js';
import type { AlgorithmFactory } from './algorithm.js';
import { TargetBalancer } from './balancer.js';
import { consistentHashing } from './consistent-hashing.js';
import { leastConnections } from './least-connections.js';
import { lowestLatency } from './lowest-latency.js';
import { lowestUsage } from './lowest-usage.js';
import { priority } from './priority.js';
import { roundRobin } from './round-robin.js';
import { refuseUnsupported } from './unsupported.js';
import type { Balancer, BalancerAlgorithm, BalancerConfig, BalancerTarget } from './types.js';

export type * from './types.js';

const ALGORITHMS: Partial<Record<BalancerAlgorithm, AlgorithmFactory>> = {
  'round-robin': roundRobin,
  priority,
  'lowest-latency': lowestLatency,
  'lowest-usage': lowestUsage,
  'consistent-hashing': consistentHashing,
  'least-connections': leastConnections,
};

/**
 * A balancer over `targets` (validated config, defaults filled). Throws a SafeError, whose
 * message names the setting and what to use instead, for a configuration it cannot run; the
 * proxy answers Kong's 500 and logs it. `now` is the clock the caller's nowMs values come from
 * (default performance.now): it dates the state the balancer starts with.
 */
export function createBalancer(config: BalancerConfig, targets: readonly BalancerTarget[], now: () => number = () => performance.now()): Balancer {
  if (targets.length === 0) throw new SafeError('ai-proxy-advanced has no targets (config.targets is empty): add at least one target');
  const seen = new Set<number>();
  for (const t of targets) {
    if (!Number.isInteger(t.index) || t.index < 0 || seen.has(t.index)) throw new SafeError(`ai-proxy-advanced balancer: target index ${t.index} is not a unique position in config.targets`);
    if (!Number.isInteger(t.weight) || t.weight < 1 || t.weight > 65535) throw new SafeError(`config.targets[${t.index}].weight must be an integer between 1 and 65535`);
    seen.add(t.index);
  }
  refuseUnsupported(config);
  const factory = ALGORITHMS[config.algorithm];
  if (!factory) throw new SafeError(`config.balancer.algorithm ${String(config.algorithm)} is not known to this gateway; use round-robin`);
  const weights = Float64Array.from(targets, (t) => t.weight);
  const inFlight = new Int32Array(targets.length);
  const algo = factory({ config, targets, weights, inFlight, createdAtMs: now() });
  return new TargetBalancer(config, targets, inFlight, algo);
}
