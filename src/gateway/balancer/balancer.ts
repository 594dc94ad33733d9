// One ai-proxy-advanced balancer: what every algorithm shares — skipping the targets this
// request already tried and those the circuit breaker excludes, in-flight counts, the state
// explain shows — around one algorithm (algorithm.ts). Positions (0..n-1) are internal; the
// contract speaks in BalancerTarget.index (the target's place in config.targets).
import { SafeError } from '../../common/index.js';
import type { Algorithm, Choice, Chosen } from './algorithm.js';
import { Breaker } from './breaker.js';
import type { AttemptOutcome, Balancer, BalancerAlgorithm, BalancerConfig, BalancerTarget, Pick, PickInput, TargetState } from './types.js';

const NONE: readonly number[] = Object.freeze([]);

/** A pick whose reason is formatted when first read (explain, a log line), from the numbers of the moment it was made. */
class ChosenPick implements Pick {
  private text: string | undefined;
  constructor(
    readonly index: number,
    readonly ejected: readonly number[],
    private readonly chosen: Chosen,
  ) {}

  get reason(): string {
    const c = this.chosen;
    return (this.text ??= c.describe(c.position, c.a, c.b, c.c, c.d));
  }

  toJSON(): { index: number; reason: string; ejected: readonly number[] } {
    return { index: this.index, reason: this.reason, ejected: this.ejected };
  }
}

export class TargetBalancer implements Balancer {
  readonly algorithm: BalancerAlgorithm;
  private readonly breaker: Breaker;
  private readonly inFlight: Int32Array;
  /** config index → position (-1: not a target of this balancer). */
  private readonly positionOf: Int32Array;
  private readonly eligible: number[];

  constructor(
    config: BalancerConfig,
    private readonly targets: readonly BalancerTarget[],
    inFlight: Int32Array,
    private readonly algo: Algorithm,
  ) {
    this.algorithm = config.algorithm;
    this.breaker = new Breaker(targets.length, config.max_fails, config.fail_timeout);
    this.inFlight = inFlight;
    const maxIndex = targets.reduce((m, t) => Math.max(m, t.index), -1);
    this.positionOf = new Int32Array(maxIndex + 1).fill(-1);
    targets.forEach((t, p) => (this.positionOf[t.index] = p));
    this.eligible = new Array<number>(targets.length).fill(0);
  }

  pick(input: PickInput, tried: ReadonlySet<number>, nowMs: number): Pick | null {
    return this.select(input, tried, nowMs, true);
  }

  preview(input: PickInput, tried: ReadonlySet<number>, nowMs: number): Pick | null {
    return this.select(input, tried, nowMs, false);
  }

  private select(input: PickInput, tried: ReadonlySet<number>, nowMs: number, commit: boolean): Pick | null {
    const { targets, eligible, breaker } = this;
    let count = 0;
    let ejected: number[] | null = null;
    const anyTried = tried.size > 0;
    for (let p = 0; p < targets.length; p++) {
      const index = targets[p]!.index;
      if (anyTried && tried.has(index)) continue;
      if (!breaker.available(p, nowMs)) {
        (ejected ??= []).push(index);
        continue;
      }
      eligible[count++] = p;
    }
    if (count === 0) return null;
    const choice: Choice = { eligible, count, input, nowMs, commit };
    const chosen = this.algo.choose(choice);
    if (commit) breaker.picked(chosen.position, nowMs);
    return new ChosenPick(targets[chosen.position]!.index, ejected ?? NONE, chosen);
  }

  begin(index: number): void {
    const p = this.position(index);
    this.inFlight[p] = this.inFlight[p]! + 1;
  }

  release(index: number): void {
    this.breaker.released(this.position(index));
  }

  end(index: number, outcome: AttemptOutcome, nowMs: number): void {
    const p = this.position(index);
    if (this.inFlight[p]! > 0) this.inFlight[p] = this.inFlight[p]! - 1;
    this.breaker.ended(p, outcome.ok, nowMs);
    this.algo.observe?.(p, outcome, nowMs);
  }

  state(nowMs: number): readonly TargetState[] {
    return this.targets.map((t, p) => ({
      index: t.index,
      label: t.label,
      weight: t.weight,
      measure: this.algo.measure(p, nowMs),
      inFlight: this.inFlight[p]!,
      fails: this.breaker.failsOf(p),
      ejectedUntilMs: this.breaker.ejectedUntilOf(p),
      health: this.breaker.health(p, nowMs),
    }));
  }

  private position(index: number): number {
    const p = index >= 0 && index < this.positionOf.length ? this.positionOf[index]! : -1;
    if (p < 0) throw new SafeError(`ai-proxy-advanced balancer: no target at index ${index} (a begin/end for a target this balancer does not have)`);
    return p;
  }
}
