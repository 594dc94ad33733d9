// Paired ratios and their uncertainty for benchmarks that compare two things over rounds on a
// noisy shared machine: the median of per-block ratios with a percentile bootstrap interval
// (blocks resampled with replacement). Seeded (mulberry32), so the same ratios always give the
// same interval. Written here: the few lines a bootstrap takes do not justify a statistics
// dependency.
import { median } from './proc-cpu.js';
import { mulberry32 } from '../src/testing/seeded-random.js';

const rng = mulberry32;

export interface Interval {
  readonly median: number;
  readonly low: number;
  readonly high: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

/** The median of `xs` and its 95% percentile-bootstrap interval (`resamples` resamples). */
export function medianInterval(xs: readonly number[], resamples = 4000, seed = 1): Interval {
  const next = rng(seed);
  const meds: number[] = [];
  const sample = new Array<number>(xs.length);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < xs.length; i++) sample[i] = xs[Math.floor(next() * xs.length)]!;
    meds.push(median(sample));
  }
  meds.sort((a, b) => a - b);
  const at = (q: number) => meds[Math.min(meds.length - 1, Math.max(0, Math.round(q * (meds.length - 1))))]!;
  return { median: median(xs), low: at(0.025), high: at(0.975), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

/** "1.012× [0.991–1.030], range 0.95–1.07, 12 blocks" */
export function formatRatio(iv: Interval): string {
  const f = (v: number) => v.toFixed(3);
  return `${f(iv.median)}× [95% CI ${f(iv.low)}–${f(iv.high)}], range ${f(iv.min)}–${f(iv.max)}, ${iv.n} blocks`;
}

/** The geometric mean of two ratios: one pair of rounds with the two processes swapped. */
export const pairRatio = (a: number, b: number): number => Math.sqrt(a * b);
