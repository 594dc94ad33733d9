// The `local` strategy per node, as Kong's shared dictionary is, when the gateway runs several
// worker processes (--workers N): the counters live in the primary process, and each worker
// reads and charges them over the cluster IPC channel (a read is one round trip before the
// request, a charge one message after it). With one process the counters are simply local.ts.
import cluster, { type Worker } from 'node:cluster';
import { LocalCounters } from './local.js';
import type { CounterSeries, CounterStore, WindowCounts } from './store.js';

const TYPE = 'ai-rla-counters';

interface ReadMessage {
  readonly type: typeof TYPE;
  readonly op: 'read';
  readonly id: number;
  readonly series: readonly CounterSeries[];
  readonly now: number;
}
interface ChargeMessage {
  readonly type: typeof TYPE;
  readonly op: 'charge';
  readonly series: readonly CounterSeries[];
  readonly amount: number;
  readonly now: number;
}
interface ReplyMessage {
  readonly type: typeof TYPE;
  readonly op: 'counts';
  readonly id: number;
  readonly counts: readonly WindowCounts[];
}

const isMessage = (m: unknown): m is ReadMessage | ChargeMessage | ReplyMessage =>
  typeof m === 'object' && m !== null && (m as { type?: unknown }).type === TYPE;

/** In a worker: the primary's counters, through IPC. */
export class WorkerCounters implements CounterStore {
  private nextId = 1;
  private readonly pending = new Map<number, (counts: readonly WindowCounts[]) => void>();

  constructor(private readonly proc: NodeJS.Process = process) {
    proc.on('message', (m: unknown) => {
      if (!isMessage(m) || m.op !== 'counts') return;
      const resolve = this.pending.get(m.id);
      this.pending.delete(m.id);
      resolve?.(m.counts);
    });
  }

  read(series: readonly CounterSeries[], nowMs: number): Promise<readonly WindowCounts[]> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.proc.send!({ type: TYPE, op: 'read', id, series, now: nowMs } satisfies ReadMessage);
    });
  }

  charge(series: readonly CounterSeries[], amount: number, nowMs: number): void {
    this.proc.send!({ type: TYPE, op: 'charge', series, amount, now: nowMs } satisfies ChargeMessage);
  }
}

let primaryCounters: LocalCounters | undefined;

/** In the primary: answers a worker's counter messages (attach to each forked worker). */
export function serveNodeCounters(worker: Worker): void {
  worker.on('message', (m: unknown) => {
    if (!isMessage(m)) return;
    const counters = (primaryCounters ??= new LocalCounters());
    if (m.op === 'charge') counters.charge(m.series, m.amount, m.now);
    else if (m.op === 'read' && worker.isConnected()) worker.send({ type: TYPE, op: 'counts', id: m.id, counts: counters.read(m.series, m.now) } satisfies ReplyMessage);
  });
}

/** The store the `local` strategy uses in this process: the primary's through IPC in a worker. */
export function nodeLocalStore(): CounterStore {
  return cluster.isWorker && typeof process.send === 'function' ? new WorkerCounters() : new LocalCounters();
}
