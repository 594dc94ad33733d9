// The gateway benchmark's load generator, run as its own process (forked by
// bench/gateway.bench.ts, jobs and results over the IPC channel) so it does not share an event
// loop with the bench's bookkeeping. Three kinds of job:
// - closed: autocannon at a fixed number of connections for a duration (peak req/s, p50/p99);
// - count: a fixed number of requests over a fixed number of connections, each sending its next
//   request when the last one is answered (CPU per request over a known count, on a loaded
//   machine: the count does not shrink when the machine is slow);
// - open: requests sent at a fixed rate whatever the responses do (a slow answer never delays
//   the next request, so a stall shows in the latencies instead of lowering the rate); latency is
//   measured from the moment each request is handed to the client, in fractional ms.
//   Hand-written because autocannon's `overallRate`/`connectionRate` is a per-second quota: every
//   connection sends as fast as it can until the quota is used, then waits for the next second,
//   which makes bursts at full speed rather than an even rate; wrk2 (the usual open-loop tool) is
//   not packaged in Debian. Requests go through an undici Pool, the same client the proxies use.
import autocannon from 'autocannon';
import { Pool } from 'undici';

export interface LoadJob {
  readonly kind: 'closed' | 'open' | 'count';
  readonly origin: string;
  readonly path: string;
  readonly body: string;
  readonly headers: Record<string, string>;
  readonly seconds: number;
  /** closed: the number of connections. */
  readonly connections?: number;
  /** open: requests per second. */
  readonly rate?: number;
  /** count: how many requests in all. */
  readonly requests?: number;
}

export interface LoadResult {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** Responses timed (open loop: after the settling second). */
  readonly count: number;
  /** Every request sent, settling ones included. */
  readonly sent: number;
  readonly failures: number;
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

function summarize(latencies: number[], seconds: number, failures: number, sent: number): LoadResult {
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), count: latencies.length, sent, failures };
}

async function closed(job: LoadJob): Promise<LoadResult> {
  const latencies: number[] = [];
  let failures = 0;
  const instance = autocannon({
    url: job.origin + job.path,
    method: 'POST',
    connections: job.connections ?? 32,
    duration: job.seconds,
    body: job.body,
    headers: job.headers,
  });
  // 'response' carries the latency in fractional ms (the result's histogram rounds to 1 ms).
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.push(ms);
    else failures++;
  });
  const r = await instance;
  return summarize(latencies, job.seconds, failures + r.errors + r.timeouts, latencies.length + failures);
}

/** One pool per origin for the process's life: connections stay open from job to job. */
const pools = new Map<string, Pool>();
const poolFor = (origin: string): Pool => {
  let p = pools.get(origin);
  if (p === undefined) pools.set(origin, (p = new Pool(origin, { connections: 256 })));
  return p;
};

/** Not counted: the first second at the rate, while connections open and the JIT settles. */
const SETTLE_S = 1;

async function open(job: LoadJob): Promise<LoadResult> {
  const rate = job.rate ?? 100;
  const total = Math.round(rate * (job.seconds + SETTLE_S));
  const pool = poolFor(job.origin);
  const latencies: number[] = [];
  let failures = 0;
  let sent = 0;
  const t0 = performance.now();
  const inFlight: Promise<void>[] = [];
  const settleMs = SETTLE_S * 1000;
  const one = async (): Promise<void> => {
    const sentAt = performance.now();
    const counted = sentAt - t0 >= settleMs;
    try {
      const res = await pool.request({ method: 'POST', path: job.path, headers: job.headers, body: job.body });
      await res.body.dump();
      if (res.statusCode < 200 || res.statusCode >= 300) failures++;
      else if (counted) latencies.push(performance.now() - sentAt);
    } catch {
      failures++;
    }
  };
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - t0) / 1000) * rate));
      for (; sent < due; sent++) inFlight.push(one());
      if (sent >= total) resolve();
      else setTimeout(tick, 1); // ~1 ms pacing; a spinning loop would take a core from the proxies
    };
    tick();
  });
  await Promise.all(inFlight);
  return summarize(latencies, job.seconds, failures, total);
}

async function count(job: LoadJob): Promise<LoadResult> {
  const total = job.requests ?? 1000;
  const pool = poolFor(job.origin);
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total) {
      next++;
      const sentAt = performance.now();
      try {
        const res = await pool.request({ method: 'POST', path: job.path, headers: job.headers, body: job.body });
        await res.body.dump();
        if (res.statusCode < 200 || res.statusCode >= 300) failures++;
        else latencies.push(performance.now() - sentAt);
      } catch {
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: job.connections ?? 8 }, worker));
  return summarize(latencies, (performance.now() - t0) / 1000, failures, total);
}

process.on('message', (job: LoadJob) => {
  (job.kind === 'open' ? open(job) : job.kind === 'count' ? count(job) : closed(job)).then(
    (result) => process.send!({ result }),
    (err: Error) => process.send!({ error: err.message }),
  );
});
// The bench is gone (finished or crashed): nothing more will come, and the pools would keep
// this process alive.
process.on('disconnect', () => process.exit(0));
