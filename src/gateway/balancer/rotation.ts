// Smooth weighted round-robin (nginx's algorithm), over whichever subset of targets is eligible
// for this pick: each eligible target's current weight grows by its weight, the largest wins
// and gives back the subset's total. Over any run the picks follow the weights exactly (70/25/5
// gives 70, 25 and 5 of every 100), interleaved with no burst of one target. Kong's round-robin
// lays targets on a wheel of `slots` entries instead; this needs no wheel, so `slots` has no
// effect here (the proportions are exact for any weights, which a 10,000-slot wheel rounds).
export class Rotation {
  private readonly current: Float64Array;

  constructor(
    size: number,
    private readonly weights: ArrayLike<number>,
  ) {
    this.current = new Float64Array(size);
  }

  /** The next of `eligible` (non-empty, indexes into the targets); `commit` false changes nothing. */
  next(eligible: readonly number[], count: number, commit: boolean): number {
    const cur = this.current;
    const w = this.weights;
    let best = eligible[0]!;
    let bestValue = cur[best]! + w[best]!;
    let total = w[best]!;
    for (let k = 1; k < count; k++) {
      const i = eligible[k]!;
      const v = cur[i]! + w[i]!;
      total += w[i]!;
      if (v > bestValue) {
        best = i;
        bestValue = v;
      }
    }
    if (commit) {
      for (let k = 0; k < count; k++) {
        const i = eligible[k]!;
        cur[i] = cur[i]! + w[i]!;
      }
      cur[best] = cur[best]! - total;
    }
    return best;
  }
}
