// Where ai-rate-limiting-advanced keeps its counters: one interface, two strategies
// (local.ts: this process's memory; redis.ts: a shared Redis, with a local buffer). A counter is
// one window of one (namespace, identifier, provider, window size): `base` names the series,
// and the window's start time completes the key.

export interface CounterSeries {
  /** `<namespace>:<identifier>:<provider>:<window size>` */
  readonly base: string;
  readonly sizeS: number;
}

/** The current and the previous window's counters of one series at a given time. */
export interface WindowCounts {
  readonly current: number;
  readonly previous: number;
}

export interface CounterStore {
  /** Counters of each series at `nowMs`: synchronous from memory, or a promise (Redis, sync_rate 0). */
  read(series: readonly CounterSeries[], nowMs: number): readonly WindowCounts[] | Promise<readonly WindowCounts[]>;
  /** Adds `amount` to the current window of each series; never throws, never waits for the caller. */
  charge(series: readonly CounterSeries[], amount: number, nowMs: number): void;
}

/** The storage key of one window: the series and the window's start, in seconds. */
export function windowKey(base: string, startMs: number): string {
  return `${base}:${Math.round(startMs / 1000)}`;
}
