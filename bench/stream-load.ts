// The streaming benchmark's load generator, run as its own process (forked by
// bench/gateway-streams.bench.ts, jobs and results over the IPC channel) so its event loop is
// not the bench's. A job is `concurrency` clients, each sending `perClient` streaming requests
// one after the other over a keep-alive undici Pool (one connection per client). The clients
// start spread over `spreadMs` (about one stream's length), so the streams overlap evenly
// instead of all asking for their first token in the same millisecond, round after round.
// Per stream: the time from handing the request to the client to the first body chunk that
// carries an event (`data:`; comments such as TGI's `:` keep-alives do not count) — the time to
// first token — and the number of events.
import { Pool } from 'undici';

export interface StreamJob {
  readonly origin: string;
  readonly path: string;
  readonly body: string;
  readonly headers: Record<string, string>;
  readonly concurrency: number;
  readonly perClient: number;
  readonly spreadMs: number;
  /** Every stream must bring at least this many events. */
  readonly minEvents: number;
}

export interface StreamResult {
  /** Time to first token of each stream, ms, sorted. */
  readonly ttft: number[];
  /** Time to the last byte of each stream, ms (same order as sent, not sorted). */
  readonly total: number[];
  readonly streams: number;
  readonly failures: number;
  /** The first failure, for the message. */
  readonly failure: string | null;
}

/** One pool per origin and concurrency for the process's life: connections stay open from job to job. */
const pools = new Map<string, Pool>();
const poolFor = (origin: string, connections: number): Pool => {
  const key = `${origin}|${connections}`;
  let p = pools.get(key);
  if (p === undefined) pools.set(key, (p = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 })));
  return p;
};

const DATA = Buffer.from('data:');

async function one(pool: Pool, job: StreamJob): Promise<{ ttft: number; total: number; events: number }> {
  const start = performance.now();
  const res = await pool.request({ method: 'POST', path: job.path, headers: job.headers, body: job.body });
  if (res.statusCode !== 200) {
    const text = await res.body.text();
    throw new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
  }
  let ttft = 0;
  let events = 0;
  // The last 4 bytes of what came before: a `data:` split across chunks is counted once, and
  // 4 bytes cannot hold a whole one that was already counted.
  let tail: Buffer | null = null;
  for await (const chunk of res.body) {
    const buf: Buffer = tail === null ? (chunk as Buffer) : Buffer.concat([tail, chunk as Buffer]);
    let n = 0;
    for (let i = buf.indexOf(DATA); i >= 0; i = buf.indexOf(DATA, i + DATA.length)) n++;
    if (n > 0 && ttft === 0) ttft = performance.now() - start;
    events += n;
    tail = buf.subarray(Math.max(0, buf.length - (DATA.length - 1)));
  }
  return { ttft, total: performance.now() - start, events };
}

async function run(job: StreamJob): Promise<StreamResult> {
  const pool = poolFor(job.origin, job.concurrency);
  const ttft: number[] = [];
  const total: number[] = [];
  let failures = 0;
  let failure: string | null = null;
  const client = async (i: number): Promise<void> => {
    await new Promise((r) => setTimeout(r, (i * job.spreadMs) / job.concurrency));
    for (let k = 0; k < job.perClient; k++) {
      try {
        const s = await one(pool, job);
        if (s.events < job.minEvents) throw new Error(`${s.events} events, expected at least ${job.minEvents}`);
        ttft.push(s.ttft);
        total.push(s.total);
      } catch (err) {
        failures++;
        failure ??= (err as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, (_, i) => client(i)));
  ttft.sort((a, b) => a - b);
  return { ttft, total, streams: ttft.length, failures, failure };
}

process.on('message', (job: StreamJob) => {
  run(job).then(
    (result) => process.send!({ result }),
    (err: Error) => process.send!({ error: err.message }),
  );
});
// The bench is gone (finished or crashed): nothing more will come, and the pools would keep
// this process alive.
process.on('disconnect', () => process.exit(0));
