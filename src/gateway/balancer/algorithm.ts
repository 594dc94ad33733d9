// What each algorithm file implements (one per algorithm); the balancer (balancer.ts) owns
// everything they share: `tried` and circuit-breaker filtering, in-flight counts, state.
import type { AttemptOutcome, BalancerConfig, BalancerTarget, PickInput } from './types.js';

/** What an algorithm sees of one pick. */
export interface Choice {
  /** Positions (0..n-1 into `targets`) still allowed for this pick; only the first `count` are valid. */
  readonly eligible: readonly number[];
  readonly count: number;
  readonly input: PickInput;
  readonly nowMs: number;
  /** false: a preview (explain), change no state. */
  readonly commit: boolean;
}

/**
 * Formats a pick's reason from the numbers the algorithm recorded at pick time. Reasons are
 * written only when read (explain, a debug log): formatting costs more than choosing. Each
 * algorithm creates its describers once, not per pick (the build keeps function names, which
 * costs every closure created per pick a property definition).
 */
export type Describe = (position: number, a: number, b: number, c: number, d: number) => string;

export interface Chosen {
  /** A position from `eligible`. */
  readonly position: number;
  readonly describe: Describe;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
}

export interface Algorithm {
  choose(choice: Choice): Chosen;
  /** An attempt on `position` ended (latency, usage). */
  observe?(position: number, outcome: AttemptOutcome, nowMs: number): void;
  /** The current measure shown by state() (EWMA latency, usage, in-flight per weight, …). */
  measure(position: number, nowMs: number): number | null;
}

/** What an algorithm is built from; `inFlight` is the balancer's live count per position. */
export interface AlgorithmContext {
  readonly config: BalancerConfig;
  readonly targets: readonly BalancerTarget[];
  readonly weights: Float64Array;
  readonly inFlight: Int32Array;
  readonly createdAtMs: number;
}

export type AlgorithmFactory = (ctx: AlgorithmContext) => Algorithm;

/** "3 targets" or "2 of 3 targets available" — how many were eligible, for reasons. */
export function available(count: number, total: number): string {
  return count === total ? `${total} targets` : `${count} of ${total} targets available`;
}
