// The `local` strategy (and the buffer under the `redis` one): counters in this process's memory,
// one entry per window, dropped once the window can no longer count (two window sizes after its
// start: a sliding window still reads the previous one). Per process: with `--workers N` the
// workers share the primary's (node-local.ts), as Kong's workers share one dictionary per node.
import type { CounterSeries, CounterStore, WindowCounts } from './store.js';
import { windowKey } from './store.js';
import { windowStart } from './window.js';

interface Entry {
  value: number;
  readonly expiresMs: number;
}

const SWEEP_EVERY = 1024;

export class LocalCounters implements CounterStore {
  private readonly entries = new Map<string, Entry>();
  private writes = 0;

  read(series: readonly CounterSeries[], nowMs: number): WindowCounts[] {
    return series.map((s) => {
      const start = windowStart(nowMs, s.sizeS);
      return { current: this.get(windowKey(s.base, start), nowMs), previous: this.get(windowKey(s.base, start - s.sizeS * 1000), nowMs) };
    });
  }

  charge(series: readonly CounterSeries[], amount: number, nowMs: number): void {
    for (const s of series) this.add(windowKey(s.base, windowStart(nowMs, s.sizeS)), amount, windowStart(nowMs, s.sizeS) + 2 * s.sizeS * 1000);
    if (++this.writes % SWEEP_EVERY === 0) this.sweep(nowMs);
  }

  /** Adds to one window's counter (expiring at `expiresMs`); returns the new value. */
  add(key: string, amount: number, expiresMs: number): number {
    const e = this.entries.get(key);
    if (e === undefined) {
      this.entries.set(key, { value: amount, expiresMs });
      return amount;
    }
    e.value += amount;
    return e.value;
  }

  get(key: string, nowMs: number): number {
    const e = this.entries.get(key);
    return e === undefined || e.expiresMs <= nowMs ? 0 : e.value;
  }

  sweep(nowMs: number): void {
    for (const [k, e] of this.entries) if (e.expiresMs <= nowMs) this.entries.delete(k);
  }

  get size(): number {
    return this.entries.size;
  }
}
