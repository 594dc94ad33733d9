// The circuit breaker (Kong 3.13's max_fails/fail_timeout, kong-ai-plugins.md §1.6), per target
// and per process:
//  - every failed attempt (failover_criteria decide which, on the proxy side) counts; the count is
//    a total, not a run: 2 failures then 1 success leave it at 2;
//  - at max_fails the target is ejected until fail_timeout after its last failure (a failure
//    reported while ejected, e.g. by an attempt that started before, pushes that out);
//  - then it is half-open: one pick (the probe) may go to it; a failed probe ejects it again for
//    fail_timeout; meanwhile no other pick goes there; a probe picked but never sent (the proxy
//    refused the request for that target) is released at once, one never ended after fail_timeout;
//  - the count resets only on a success that ends fail_timeout or more after the last failure
//    (a successful probe always does, since it started after that).
// max_fails 0 turns it off. Times are the caller's milliseconds.

export class Breaker {
  private readonly fails: Int32Array;
  private readonly lastFailAt: Float64Array;
  /** NaN: not ejected. */
  private readonly ejectedUntil: Float64Array;
  /** NaN: no probe claimed; else when the half-open probe was picked. */
  private readonly probeAt: Float64Array;

  constructor(
    size: number,
    private readonly maxFails: number,
    private readonly failTimeout: number,
  ) {
    this.fails = new Int32Array(size);
    this.lastFailAt = new Float64Array(size).fill(Number.NaN);
    this.ejectedUntil = new Float64Array(size).fill(Number.NaN);
    this.probeAt = new Float64Array(size).fill(Number.NaN);
  }

  get enabled(): boolean {
    return this.maxFails > 0;
  }

  /** May a pick go to `i` now (healthy, or half-open with no probe under way)? */
  available(i: number, now: number): boolean {
    const until = this.ejectedUntil[i]!;
    if (Number.isNaN(until)) return true;
    if (now < until) return false;
    const probe = this.probeAt[i]!;
    return Number.isNaN(probe) || now - probe >= this.failTimeout;
  }

  /** A committed pick went to `i`: a half-open target's probe is now under way. */
  picked(i: number, now: number): void {
    if (!Number.isNaN(this.ejectedUntil[i]!)) this.probeAt[i] = now;
  }

  /**
   * A committed pick of `i` that no attempt followed (the proxy could not send the request
   * there): a probe it claimed is released at once, so the next pick may probe; nothing counted.
   */
  released(i: number): void {
    this.probeAt[i] = Number.NaN;
  }

  /** An attempt on `i` ended. */
  ended(i: number, ok: boolean, now: number): void {
    if (this.maxFails === 0) return;
    this.probeAt[i] = Number.NaN;
    if (!ok) {
      this.fails[i] = this.fails[i]! + 1;
      this.lastFailAt[i] = now;
      if (this.fails[i]! >= this.maxFails) this.ejectedUntil[i] = now + this.failTimeout;
      return;
    }
    if (this.fails[i]! > 0 && now - this.lastFailAt[i]! >= this.failTimeout) {
      this.fails[i] = 0;
      this.ejectedUntil[i] = Number.NaN;
    }
  }

  failsOf(i: number): number {
    return this.fails[i]!;
  }

  /** Until when `i` is (or was, if half-open) ejected; null when healthy. */
  ejectedUntilOf(i: number): number | null {
    const until = this.ejectedUntil[i]!;
    return Number.isNaN(until) ? null : until;
  }

  health(i: number, now: number): 'healthy' | 'ejected' | 'half-open' {
    const until = this.ejectedUntil[i]!;
    if (Number.isNaN(until)) return 'healthy';
    return now < until ? 'ejected' : 'half-open';
  }
}
