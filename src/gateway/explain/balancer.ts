// ai-proxy-advanced in an explain report: where the request would go (the balancer's preview
// of its next pick — no rotation step, no probe claimed — and the algorithm's reason), the
// failover rules the tries follow, and every target's state: weight, the algorithm's measure
// (latency EWMA, recent usage, in-flight per weight, priority group), requests in flight, and
// the circuit breaker (failures counted, ejected until when, half-open). The state is the
// process's own (each worker balances on its own), which `state` says.
import type { TargetState } from '../balancer/types.js';
import type { PreparedAiProxyAdvanced } from '../proxy/ai-proxy-advanced.js';
import type { Decision } from '../proxy/decide.js';

export interface ExplainTarget {
  readonly index: number;
  /** "targets[1] openai/gpt-4o" */
  readonly target: string;
  readonly weight: number;
  /** The algorithm's measure (null when it has none), named by `measure_name` in the report. */
  readonly measure: number | null;
  readonly in_flight: number;
  /** Failures the circuit breaker counts (a total, reset by a success fail_timeout after the last failure). */
  readonly fails: number;
  readonly health: TargetState['health'];
  /** ISO time the ejection ends (ejected), or ended (half-open); null when healthy. */
  readonly ejected_until: string | null;
  /** This gateway cannot run the target (its driver's message), or null. */
  readonly unsupported: string | null;
}

export interface ExplainBalancer {
  readonly plugin: string;
  readonly algorithm: string;
  /** What `measure` is for this algorithm, or null when it keeps none. */
  readonly measure_name: string | null;
  /** The target the request would go to first, and why; null when none is available. */
  readonly next: { readonly index: number; readonly target: string; readonly reason: string } | null;
  /** Targets the circuit breaker excludes right now. */
  readonly ejected: readonly string[];
  readonly retries: number;
  readonly failover_criteria: readonly string[];
  readonly timeouts: { readonly connect: number; readonly write: number; readonly read: number };
  readonly circuit_breaker: string;
  readonly targets: readonly ExplainTarget[];
  /** Whose state this is ("this process", "worker 2 of 4", "none yet: …"). */
  readonly state: string;
  /** Why the balancer cannot run (semantic), or null. */
  readonly problem: string | null;
  /** An ai-proxy instance that also applies but does nothing, and why. */
  readonly shadows: string | null;
}

function measureName(adv: PreparedAiProxyAdvanced): string | null {
  const c = adv.balancerConfig;
  switch (c.algorithm) {
    case 'lowest-latency':
      return c.latency_strategy === 'tpot' ? 'peak EWMA of time per output token (ms)' : 'peak EWMA of end-to-end latency (ms)';
    case 'lowest-usage':
      return `recent ${c.tokens_count_strategy} (time-decayed sum, ~1 min)`;
    case 'least-connections':
      return 'requests in flight per unit of weight';
    case 'priority':
      return 'priority group (1 is tried first; groups are targets of equal weight, higher weight first)';
    default:
      return null;
  }
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Every target of an instance with its balancer's state (explain, and GET /status). */
export function targetStates(adv: PreparedAiProxyAdvanced, nowMs: number): ExplainTarget[] {
  const states = adv.balancer?.state(nowMs) ?? [];
  return adv.targets.map((t, i) => {
    const st = states.find((s) => s.index === i);
    return {
      index: i,
      target: adv.labels[i]!,
      weight: adv.config.targets[i]!.weight,
      measure: st?.measure ?? null,
      in_flight: st?.inFlight ?? 0,
      fails: st?.fails ?? 0,
      health: st?.health ?? 'healthy',
      ejected_until: iso(st?.ejectedUntilMs ?? null),
      unsupported: t.unsupported?.message ?? null,
    };
  });
}

export function explainBalancer(d: Decision, nowMs: number, state: string): ExplainBalancer | null {
  const adv = d.advanced;
  if (adv === null) return null;
  const cfg = adv.balancerConfig;
  const targets = targetStates(adv, nowMs);
  const next = d.nextTarget;
  return {
    plugin: adv.plugin.id,
    algorithm: cfg.algorithm,
    measure_name: measureName(adv),
    next: next === null ? null : { index: next.index, target: adv.labels[next.index]!, reason: next.reason },
    ejected: targets.filter((t) => t.health === 'ejected').map((t) => `${t.target} until ${t.ejected_until}`),
    retries: cfg.retries,
    failover_criteria: cfg.failover_criteria,
    timeouts: { connect: cfg.connect_timeout, write: cfg.write_timeout, read: cfg.read_timeout },
    circuit_breaker: cfg.max_fails > 0 ? `on: ${cfg.max_fails} failures eject a target for ${cfg.fail_timeout} ms` : 'off (max_fails 0)',
    targets,
    state,
    problem: adv.problem,
    shadows: d.shadowedAiProxy
      ? `ai-proxy ${d.shadowedAiProxy.id} also applies but does nothing: both plugins have priority 770, Kong runs a tie in plugin-name order (ai-proxy-advanced first) and its AI filters once per request`
      : null,
  };
}

/** The explain lines for the balancer (format.ts prints them under the ai-proxy line). */
export function formatBalancer(b: ExplainBalancer): string[] {
  const lines: string[] = [];
  lines.push(`  balancer:  ${b.algorithm}, retries ${b.retries}, failover_criteria [${b.failover_criteria.join(', ')}], timeouts connect ${b.timeouts.connect} / write ${b.timeouts.write} / read ${b.timeouts.read} ms; circuit breaker ${b.circuit_breaker}`);
  if (b.problem !== null) lines.push(`  problem:   ${b.problem}`);
  lines.push(`  next:      ${b.next ? `${b.next.target} — ${b.next.reason}` : 'none: no target is available (the request gets 500)'}`);
  if (b.ejected.length) lines.push(`  ejected:   ${b.ejected.join('; ')}`);
  lines.push(`  targets (${b.state}${b.measure_name ? `; measure = ${b.measure_name}` : ''}):`);
  for (const t of b.targets) {
    const parts = [`weight ${t.weight}`];
    if (t.measure !== null) parts.push(`measure ${Number.isInteger(t.measure) ? t.measure : t.measure.toFixed(3)}`);
    parts.push(`in flight ${t.in_flight}`, `fails ${t.fails}`, t.health === 'healthy' ? 'healthy' : `${t.health} (until ${t.ejected_until})`);
    if (t.unsupported) parts.push(`not runnable: ${t.unsupported}`);
    lines.push(`    - ${t.target}: ${parts.join(', ')}`);
  }
  if (b.shadows) lines.push(`  note:      ${b.shadows}`);
  return lines;
}
