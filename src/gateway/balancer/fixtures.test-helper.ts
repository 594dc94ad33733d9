// Test helpers for the balancer tests: a defaults-filled config, targets from weights, a
// request, and a run of picks with begin/end.
import type { AttemptOutcome, Balancer, BalancerConfig, BalancerTarget, PickInput } from './types.js';

export function config(over: Partial<BalancerConfig> = {}): BalancerConfig {
  return {
    algorithm: 'round-robin',
    retries: 5,
    failover_criteria: ['error', 'timeout'],
    connect_timeout: 60000,
    write_timeout: 60000,
    read_timeout: 60000,
    hash_on_header: 'X-Kong-LLM-Request-ID',
    latency_strategy: 'tpot',
    tokens_count_strategy: 'total-tokens',
    slots: 10000,
    max_fails: 0,
    fail_timeout: 10000,
    ...over,
  };
}

export function targets(...weights: number[]): BalancerTarget[] {
  return weights.map((weight, index) => ({ index, weight, label: `openai/model-${index}` }));
}

let seq = 0;
export function request(headers: Record<string, string> = {}, requestId = `req-${++seq}`): PickInput {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { header: (name) => lower.get(name), requestId };
}

export const NONE: ReadonlySet<number> = new Set();
export const OK: AttemptOutcome = { ok: true, e2eMs: 100, promptTokens: 10, completionTokens: 10 };
export const FAIL: AttemptOutcome = { ok: false, e2eMs: 5 };

/** `n` sequential requests (pick, begin, end with `outcome(index)`), counting picks per index. */
export function run(b: Balancer, n: number, outcome: (index: number, i: number) => AttemptOutcome = () => OK, now: (i: number) => number = (i) => i): number[] {
  const counts: number[] = new Array<number>(Math.max(...b.state(0).map((t) => t.index)) + 1).fill(0);
  for (let i = 0; i < n; i++) {
    const p = b.pick(request(), NONE, now(i));
    if (!p) throw new Error('no target');
    counts[p.index]!++;
    b.begin(p.index);
    b.end(p.index, outcome(p.index, i), now(i));
  }
  return counts;
}

/** Each count's share of the total. */
export const shares = (counts: readonly number[]) => {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => c / total);
};

/** |share - expected| ≤ 5% of the total for every target. */
export function withinFivePercent(counts: readonly number[], weights: readonly number[]): boolean {
  const s = shares(counts);
  const wt = weights.reduce((a, b) => a + b, 0);
  return weights.every((w, i) => Math.abs((s[i] ?? 0) - w / wt) <= 0.05);
}
