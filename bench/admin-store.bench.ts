// The Admin API on PostgreSQL against LMDB, side by side in one run: writes per second
// (PATCH /consumers/{name}), reads per second (GET /consumers/{name}), and how long a write through one
// node takes to be in force on another node on the same database (LISTEN/NOTIFY, and polling
// with notifications off). Admin APIs run in this process (AdminApiSource, as bin/ai-gateway
// runs it) against a real PostgreSQL started here (src/testing/postgres.ts); the load is a closed
// loop of CONCURRENCY requests over keep-alive. Prints ratios PostgreSQL / LMDB.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { migrateUp } from '../src/kong-entities/index.js';
import { AdminApiSource } from '../src/gateway/sources/admin-api/index.js';
import type { ConfigSnapshot } from '../src/gateway/config/snapshot.js';
import { postgresSkipReason, startPostgres } from '../src/testing/postgres.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 30);

if (postgresSkipReason()) process.exit(0);
const pg = await startPostgres();
const pgOpts = { host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: pg.database };
await migrateUp(pgOpts);
const dir = mkdtempSync(join(tmpdir(), 'bench-admin-'));
const agent = new Agent({ connections: CONCURRENCY * 2, keepAliveTimeout: 10_000 });

type Waiter = { test: (s: ConfigSnapshot) => boolean; resolve: () => void };
function node(opts: ConstructorParameters<typeof AdminApiSource>[0]) {
  const source = new AdminApiSource({ listen: '127.0.0.1:0', announce: () => {}, log: () => {}, ...opts });
  const waiters = new Set<Waiter>();
  const started = source.start({
    onSnapshot: (s) => {
      for (const w of waiters) if (w.test(s)) (waiters.delete(w), w.resolve());
    },
    onError: () => {},
  });
  return {
    source,
    started,
    /** Resolves when a snapshot with a consumer named `name` is in force. */
    sees: (name: string) => new Promise<void>((resolve) => waiters.add({ test: (s) => s.consumers.some((c) => c.username === name), resolve })),
  };
}

async function call(base: string, method: string, path: string, body?: unknown): Promise<number> {
  const res = await request(`${base}${path}`, { method: method as 'GET', dispatcher: agent, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  await res.body.dump();
  return res.statusCode;
}

/** Requests per second over SECONDS with CONCURRENCY in flight; `make(i)` gives the i-th request. */
async function rate(make: (i: number) => Promise<number>, expect: number): Promise<number> {
  let i = 0;
  let bad = 0;
  const end = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) if ((await make(i++)) !== expect) bad++;
    }),
  );
  if (bad) throw new Error(`${bad} requests failed`);
  return i / ((performance.now() - t0) / 1000);
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const lmdb = node({ dataDir: join(dir, 'lmdb') });
const pgA = node({ postgres: { pg: pgOpts, updateFrequencyMs: 5000, notify: true } });
const pgB = node({ postgres: { pg: pgOpts, updateFrequencyMs: 5000, notify: true } });
const pgPoll = node({ postgres: { pg: pgOpts, updateFrequencyMs: 1000, notify: false } });
await Promise.all([lmdb.started, pgA.started, pgB.started, pgPoll.started]);
const L = lmdb.source.url!;
const A = pgA.source.url!;

// warm-up
for (const base of [L, A]) for (let i = 0; i < 50; i++) await call(base, 'POST', '/consumers', { username: `warm-${i}` });

const run = Date.now().toString(36);
// Rounds alternate the two stores (a loaded machine drifts); figures are medians, ratios medians of per-round ratios.
const median = (xs: number[]) => pct(xs, 50);
const rounds: { wl: number; wp: number; rl: number; rp: number }[] = [];
for (let r = 0; r < ROUNDS; r++) {
  // PATCH of 50 existing consumers: the entity count stays fixed, so rounds compare like with like
  // (every write also rebuilds the node's snapshot, whose cost grows with the entities).
  const wl = await rate((i) => call(L, 'PATCH', `/consumers/warm-${i % 50}`, { tags: [`r${r}-${i}`] }), 200);
  const wp = await rate((i) => call(A, 'PATCH', `/consumers/warm-${i % 50}`, { tags: [`r${r}-${i}`] }), 200);
  const rl = await rate((i) => call(L, 'GET', `/consumers/warm-${i % 50}`), 200);
  const rp = await rate((i) => call(A, 'GET', `/consumers/warm-${i % 50}`), 200);
  rounds.push({ wl, wp, rl, rp });
}
const writes = { lmdb: median(rounds.map((x) => x.wl)), pg: median(rounds.map((x) => x.wp)), ratio: median(rounds.map((x) => x.wp / x.wl)) };
const reads = { lmdb: median(rounds.map((x) => x.rl)), pg: median(rounds.map((x) => x.rp)), ratio: median(rounds.map((x) => x.rp / x.rl)) };

// Propagation: write on node A, time until node B (NOTIFY) and the polling node have it in force.
const notify: number[] = [];
const polled: number[] = [];
const local: number[] = [];
for (let i = 0; i < SAMPLES; i++) {
  const name = `p-${run}-${i}`;
  // A random phase against the polling node's timer (else every sample would wait one full period).
  if (i < 5) await new Promise((r) => setTimeout(r, Math.random() * 1000));
  const t0 = performance.now();
  const onB = pgB.sees(name).then(() => notify.push(performance.now() - t0));
  const onPoll = i < 5 ? pgPoll.sees(name).then(() => polled.push(performance.now() - t0)) : Promise.resolve();
  if ((await call(A, 'POST', '/consumers', { username: name })) !== 201) throw new Error('write failed');
  local.push(performance.now() - t0);
  await Promise.all([onB, onPoll]);
}

for (const n of [lmdb, pgA, pgB, pgPoll]) await n.source.stop();
await agent.close();
await pg.stop();
rmSync(dir, { recursive: true, force: true });

const f = (n: number) => n.toFixed(0);
const ms = (n: number) => n.toFixed(1);
console.log(`admin store: ${ROUNDS} rounds of ${SECONDS} s per figure (medians), ${CONCURRENCY} requests in flight, ${SAMPLES} propagation samples; load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('| Admin API | LMDB | PostgreSQL | PostgreSQL / LMDB |');
console.log('|---|---|---|---|');
console.log(`| writes/s (PATCH /consumers/{name}, 50 consumers) | ${f(writes.lmdb)} | ${f(writes.pg)} | ${writes.ratio.toFixed(2)}× (rounds: ${rounds.map((x) => (x.wp / x.wl).toFixed(2)).join(', ')}) |`);
console.log(`| reads/s (GET /consumers/{name}) | ${f(reads.lmdb)} | ${f(reads.pg)} | ${reads.ratio.toFixed(2)}× (rounds: ${rounds.map((x) => (x.rp / x.rl).toFixed(2)).join(', ')}) |`);
console.log(`| write acknowledged (in force on the writing node), p50/p99 ms | — | ${ms(pct(local, 50))}/${ms(pct(local, 99))} | |`);
console.log(`| in force on another node, NOTIFY: p50/p99/max ms | (one node only) | ${ms(pct(notify, 50))}/${ms(pct(notify, 99))}/${ms(Math.max(...notify))} | goal ≤ 1000 ms |`);
console.log(`| in force on another node, polling every 1 s (notify off): p50/max ms | (one node only) | ${ms(pct(polled, 50))}/${ms(Math.max(...polled))} | ≤ update frequency |`);
