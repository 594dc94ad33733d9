// lowest-latency: the target with the lowest peak EWMA of its latency, per unit of weight and
// scaled by its in-flight attempts (Finagle's peak EWMA cost: ewma × (in flight + 1)), so
// concurrent requests spread instead of piling on the fastest (kong-ai-plugins.md §1.4).
//  - sample: `tpot` = end-to-end ms ÷ completion tokens (e2e when the answer has none), or `e2e`;
//  - peak: a sample above the average replaces it at once; below, it is blended with the
//    time-decayed weight of ewma.ts (τ = 10 s), so a target that slows down loses traffic at
//    once and one that speeds up wins it back within seconds of samples;
//  - a failed attempt counts as twice the slowest average measured (its quick 429 is not speed);
//  - untried targets are tried first (one attempt at a time);
//  - every 50th pick (2%) goes to a slower target, the one measured longest ago, to keep its
//    average current: the fastest gets ~98% (Kong documents 90-99%), never 100% of 2+ targets.
import type { Algorithm, AlgorithmFactory } from './algorithm.js';
import { DECAY_MS, decayed } from './ewma.js';

export const PROBE_EVERY = 50;
const FAILURE_FACTOR = 2;

export const lowestLatency: AlgorithmFactory = ({ config, targets, weights, inFlight }): Algorithm => {
  const n = targets.length;
  const ewma = new Float64Array(n).fill(Number.NaN);
  const lastAt = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  const unit = config.latency_strategy === 'tpot' ? 'ms/token' : 'ms';
  let picks = 0;
  const score = (p: number) => (ewma[p]! * (inFlight[p]! + 1)) / weights[p]!;
  const fmt = (v: number) => `${config.latency_strategy} ${v.toFixed(1)} ${unit}`;
  const untried = (p: number) => `lowest-latency: ${targets[p]!.label} not measured yet, tried first`;
  const leastBusy = () => 'lowest-latency: no target measured yet, least busy';
  const probing = (_p: number, own: number, best: number) => `lowest-latency: probe of a slower target, ${fmt(own)} (best ${fmt(best)}), 1 pick in ${PROBE_EVERY}`;
  const fastest = (_p: number, own: number, next: number) => `lowest-latency: ${fmt(own)}${Number.isNaN(next) ? '' : ` (next ${fmt(next)})`}`;

  return {
    choose({ eligible, count, commit }) {
      // Untried (and not being tried) first.
      for (let k = 0; k < count; k++) {
        const p = eligible[k]!;
        if (Number.isNaN(ewma[p]!) && inFlight[p] === 0) return { position: p, describe: untried, a: 0, b: 0, c: 0, d: 0 };
      }
      let best = -1;
      let second = -1;
      for (let k = 0; k < count; k++) {
        const p = eligible[k]!;
        if (Number.isNaN(ewma[p]!)) continue;
        if (best < 0 || score(p) < score(best)) {
          second = best;
          best = p;
        } else if (second < 0 || score(p) < score(second)) second = p;
      }
      if (best < 0) {
        // Only targets whose first attempt is still running: the least busy.
        best = eligible[0]!;
        for (let k = 1; k < count; k++) if (inFlight[eligible[k]!]! < inFlight[best]!) best = eligible[k]!;
        return { position: best, describe: leastBusy, a: 0, b: 0, c: 0, d: 0 };
      }
      if (commit) picks++;
      if (second >= 0 && (commit ? picks : picks + 1) % PROBE_EVERY === 0) {
        let probe = -1;
        for (let k = 0; k < count; k++) {
          const p = eligible[k]!;
          if (p !== best && !Number.isNaN(ewma[p]!) && (probe < 0 || lastAt[p]! < lastAt[probe]!)) probe = p;
        }
        return { position: probe, describe: probing, a: ewma[probe]!, b: ewma[best]!, c: 0, d: 0 };
      }
      return { position: best, describe: fastest, a: ewma[best]!, b: second >= 0 ? ewma[second]! : Number.NaN, c: 0, d: 0 };
    },

    observe(p, outcome, nowMs) {
      const tokens = outcome.completionTokens ?? 0;
      let sample = config.latency_strategy === 'tpot' && tokens > 0 ? outcome.e2eMs / tokens : outcome.e2eMs;
      if (!outcome.ok) {
        let slowest = sample;
        for (let q = 0; q < n; q++) if (!Number.isNaN(ewma[q]!) && ewma[q]! > slowest) slowest = ewma[q]!;
        sample = Math.max(sample, slowest * FAILURE_FACTOR);
      }
      const cur = ewma[p]!;
      ewma[p] = Number.isNaN(cur) || sample > cur ? sample : decayed(cur, sample, nowMs - lastAt[p]!, DECAY_MS);
      lastAt[p] = nowMs;
    },

    measure: (p) => (Number.isNaN(ewma[p]!) ? null : ewma[p]!),
  };
};
