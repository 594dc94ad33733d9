// lowest-usage: the target that used the least recently, per unit of weight, by
// tokens_count_strategy — total, prompt or completion tokens, or cost (model.options
// input_cost/output_cost with log_statistics, as Kong requires) (kong-ai-plugins.md §1.4).
//  - usage is a time-decayed sum per target and process: each finished attempt adds its
//    tokens (or cost), and the sum decays with τ = 60 s (e^-1 after a minute, ~1% after 5),
//    so "recently" is about the last minute or two; Kong does not document its window;
//  - attempts under way count as the target's average usage per attempt (an EWMA), so
//    concurrent requests do not all land on the same idle target;
//  - a failed attempt (e.g. a quick 429) is charged that average, so a failing target does not
//    look idle; an answer without usage (no tokens or no cost reported) adds nothing;
//  - targets that tie (e.g. all unused) take turns by weight.
import type { Algorithm, AlgorithmFactory } from './algorithm.js';
import type { AttemptOutcome, TokensCountStrategy } from './types.js';
import { DECAY_MS, decayed } from './ewma.js';
import { Rotation } from './rotation.js';

export const USAGE_WINDOW_MS = 60_000;

function usageOf(strategy: TokensCountStrategy, o: AttemptOutcome): number | undefined {
  switch (strategy) {
    case 'prompt-tokens':
      return o.promptTokens;
    case 'completion-tokens':
      return o.completionTokens;
    case 'cost':
      return o.cost;
    default:
      return o.promptTokens === undefined && o.completionTokens === undefined ? undefined : (o.promptTokens ?? 0) + (o.completionTokens ?? 0);
  }
}

export const lowestUsage: AlgorithmFactory = ({ config, targets, weights, inFlight, createdAtMs }): Algorithm => {
  const n = targets.length;
  const usage = new Float64Array(n);
  const lastAt = new Float64Array(n).fill(createdAtMs);
  /** Average usage per attempt (NaN until the first). */
  const perAttempt = new Float64Array(n).fill(Number.NaN);
  const perAttemptAt = new Float64Array(n).fill(createdAtMs);
  const rotation = new Rotation(n, weights);
  const tied: number[] = new Array<number>(n).fill(0);
  const strategy = config.tokens_count_strategy;
  const unit = strategy === 'cost' ? 'cost' : strategy.replace('-', ' ');

  const recent = (p: number, now: number) => usage[p]! * Math.exp(-Math.max(0, now - lastAt[p]!) / USAGE_WINDOW_MS);
  const pending = (p: number) => (Number.isNaN(perAttempt[p]!) ? 0 : inFlight[p]! * perAttempt[p]!);
  const score = (p: number, now: number) => (recent(p, now) + pending(p)) / weights[p]!;
  const fmt = (v: number) => (strategy === 'cost' ? v.toPrecision(3) : v.toFixed(0));
  const describe = (_p: number, own: number, next: number, tiedCount: number) =>
    `lowest-usage: ${unit} ${fmt(own)} per weight in the last ~${USAGE_WINDOW_MS / 1000} s` +
    (Number.isFinite(next) ? ` (next ${fmt(next)})` : '') +
    (tiedCount > 1 ? `, ${tiedCount} tied: by turn` : '');

  return {
    choose({ eligible, count, nowMs, commit }) {
      let m = 0;
      let bestScore = Number.POSITIVE_INFINITY;
      let nextScore = Number.POSITIVE_INFINITY;
      for (let k = 0; k < count; k++) {
        const p = eligible[k]!;
        const s = score(p, nowMs);
        if (s < bestScore) {
          nextScore = bestScore;
          bestScore = s;
          tied[0] = p;
          m = 1;
        } else if (s === bestScore) tied[m++] = p;
        else if (s < nextScore) nextScore = s;
      }
      const best = rotation.next(tied, m, commit);
      return { position: best, describe, a: bestScore, b: nextScore, c: m, d: 0 };
    },

    observe(p, outcome, nowMs) {
      let u = usageOf(strategy, outcome);
      if (u !== undefined && outcome.ok) {
        perAttempt[p] = Number.isNaN(perAttempt[p]!) ? u : decayed(perAttempt[p]!, u, nowMs - perAttemptAt[p]!, DECAY_MS);
        perAttemptAt[p] = nowMs;
      } else if (!outcome.ok) u = Number.isNaN(perAttempt[p]!) ? u : Math.max(u ?? 0, perAttempt[p]!);
      if (u === undefined || u <= 0) return;
      usage[p] = recent(p, nowMs) + u;
      lastAt[p] = nowMs;
    },

    measure: (p, nowMs) => recent(p, nowMs),
  };
};
