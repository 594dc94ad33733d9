// ai-rate-limiting-advanced benchmark, side by side in one run (issue #15, Performance): the same
// /generate traffic through four gateways (one worker each) in front of one local TGI — no limit,
// the `local` strategy, the `redis` strategy synchronous (sync_rate 0: every check waits for
// Redis, the checks and charges of one event-loop turn in one command) and `redis` with
// sync_rate 1 (counted in memory, synced each second) —
// against a real redis-server started here. Limits are never reached (every answer is a 200), so
// what is measured is the cost of counting. Prints, per gateway, CPU time per request of the
// gateway process (from /proc; for redis also the Redis server's, and the commands sent to Redis
// per request) and p50/p99, in a closed loop and at a fixed rate of half the no-limit gateway's
// peak, and the ratios to a no-limit run made just before each run (goal: redis ≤ 1.3× no-limit
// CPU per request). Rounds, medians and the load generator as in
// bench/gateway.bench.ts. BENCH_SECONDS (default 3) and BENCH_ROUNDS (default 3) scale it.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { startProcess, type StartedProcess } from '../src/testing/tgi/index.js';
import { Redis } from 'ioredis';
import { findRedisServer, startRedis, type TestRedis } from '../src/testing/redis.js';
import { ROOT, startGatewayProcess, tempFile, TOKEN } from '../src/gateway/test/harness.js';
import type { LoadJob, LoadResult } from './gateway-load.js';
import { validatePlugin } from '../src/schemas/index.js';
import { closeRateLimitStores, decide, prepareRateLimit, type PreparedRateLimit } from '../src/gateway/ratelimit/index.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BODY = '{"inputs":"What is Deep Learning?","parameters":{"max_new_tokens":8}}';
const procs: StartedProcess[] = [];
let redis: TestRedis | undefined;
let loader: ChildProcess | undefined;
/** Reads Redis's command counts (INFO commandstats). */
let probe: Redis | undefined;

function config(plugin: string): string {
  return `_format_version: "3.0"
services:
  - name: s
    url: http://localhost:8080
    routes:
      - name: hf
        paths: [/hf]
plugins:
${plugin}  - name: ai-proxy
    config:
      route_type: llm/v1/chat
      llm_format: huggingface
      auth: { header_name: Authorization, header_value: 'Bearer \${{ env "DECK_HUGGINGFACE_TOKEN" }}' }
      model: { provider: huggingface, name: HuggingFaceTB/SmolVLM-Base, options: { upstream_url: '\${{ env "DECK_TGI_URL" }}' } }
`;
}

/** A limit never reached: a minute and an hour window, so each request reads and charges two counters. */
const limitPlugin = (strategy: string) => `  - name: ai-rate-limiting-advanced
    config:
      identifier: ip
      ${strategy}
      llm_providers:
        - name: huggingface
          limit: [1000000000000, 1000000000000]
          window_size: [60, 3600]
`;

interface Target {
  readonly name: string;
  readonly origin: string;
  readonly pid: number;
}

function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

type Measured = LoadResult & { readonly cpuUs: number; readonly redisCpuUs: number; readonly redisCommands: number };

/** Commands the gateways have sent Redis so far: the script (EVALSHA, EVAL) and MGET; what runs inside the script is not counted. */
async function redisCommands(): Promise<number> {
  if (!probe) return 0;
  const stats = await probe.info('commandstats');
  return ['evalsha', 'eval', 'mget'].reduce((n, c) => n + Number(new RegExp(`^cmdstat_${c}:calls=(\\d+)`, 'm').exec(stats)?.[1] ?? 0), 0);
}

function runJob(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    loader!.once('message', (m: { result?: LoadResult; error?: string }) => {
      if (m.error !== undefined) reject(new Error(`${job.origin}${job.path}: ${m.error}`));
      else if (m.result!.failures > 0) reject(new Error(`${job.origin}${job.path}: ${m.result!.failures} failed requests`));
      else resolve(m.result!);
    });
    loader!.send(job);
  });
}

async function measure(t: Target, job: Omit<LoadJob, 'origin' | 'path' | 'body' | 'headers'>): Promise<Measured> {
  const before = cpuMs(t.pid);
  const redisBefore = redis ? cpuMs(redis.process.pid) : 0;
  const commandsBefore = await redisCommands();
  const r = await runJob({ ...job, origin: t.origin, path: '/hf/generate', body: BODY, headers: { 'content-type': 'application/json' } } as LoadJob);
  return {
    ...r,
    cpuUs: ((cpuMs(t.pid) - before) * 1000) / r.sent,
    redisCpuUs: redis ? ((cpuMs(redis.process.pid) - redisBefore) * 1000) / r.sent : 0,
    redisCommands: ((await redisCommands()) - commandsBefore) / r.sent,
  };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const med = (rs: readonly Measured[], k: keyof Measured) => median(rs.map((r) => r[k]));
const perRound = (a: readonly Measured[], b: readonly Measured[], f: (x: Measured, y: Measured) => number) => median(a.map((x, i) => f(x, b[i]!)));
const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;

interface Rounds {
  readonly byTarget: Measured[][];
  /** For each target, the no-limit run made just before each of its runs. */
  readonly paired: Measured[][];
}

/**
 * In every round, each gateway right after a run of the no-limit one, and its ratios taken to
 * that run: on a machine whose load moves from second to second (other work on the same cores),
 * a ratio to a baseline measured seconds earlier says more about the machine than the gateway.
 */
async function rounds(targets: readonly Target[], job: Omit<LoadJob, 'origin' | 'path' | 'body' | 'headers'>): Promise<Rounds> {
  const byTarget: Measured[][] = targets.map(() => []);
  const paired: Measured[][] = targets.map(() => []);
  for (let r = 0; r < ROUNDS; r++)
    for (let i = 1; i < targets.length; i++) {
      const base = await measure(targets[0]!, job);
      byTarget[0]!.push(base);
      paired[i]!.push(base);
      byTarget[i]!.push(await measure(targets[i]!, job));
    }
  return { byTarget, paired };
}

function report(targets: readonly Target[], { byTarget, paired }: Rounds): void {
  for (const [i, t] of targets.entries()) {
    const r = byTarget[i]!;
    const base = paired[i]!;
    const redisCpu = t.name.startsWith('redis') ? `, redis-server ${med(r, 'redisCpuUs').toFixed(0)} µs, ${med(r, 'redisCommands').toFixed(2)} Redis commands` : '';
    const ratio = i === 0 ? '' : `  → CPU ${perRound(r, base, (p, q) => p.cpuUs / q.cpuUs).toFixed(2)}×, p99 ${perRound(r, base, (p, q) => p.p99 / q.p99).toFixed(2)}× no limit`;
    console.log(`  ${t.name.padEnd(22)} ${med(r, 'rps').toFixed(0).padStart(5)} req/s  p50 ${med(r, 'p50').toFixed(2)} p99 ${med(r, 'p99').toFixed(2)} ms  CPU/request gateway ${med(r, 'cpuUs').toFixed(0)} µs${redisCpu}${ratio}`);
  }
}

/**
 * The limiter's own work for one request — read the counters, decide the headers, charge the
 * answer — run in this process N times in a row: CPU µs per request (process.cpuUsage), which a
 * loaded machine disturbs far less than the end-to-end runs. For redis this includes ioredis and
 * the two round trips (sequential: one request at a time).
 */
async function ownCost(strategy: Record<string, unknown>, n: number, inFlight = 1): Promise<number> {
  const r = validatePlugin({
    name: 'ai-rate-limiting-advanced',
    id: '9e0d6a43-2f55-4c5e-9a31-6c3c0e9d7a10',
    config: { identifier: 'ip', namespace: `bench-${Math.random()}`, llm_providers: [{ name: 'huggingface', limit: [1e12, 1e12], window_size: [60, 3600] }], ...strategy },
  });
  if (!r.ok) throw new Error(r.message);
  const limiter: PreparedRateLimit = prepareRateLimit(r.value);
  const one = async (i: number) => {
    const series = limiter.series(`10.0.${i % 250}.1`);
    const states = await limiter.read(series, Date.now());
    const d = decide(limiter.config, 'huggingface', states);
    if (d.refusal) throw new Error('refused');
    limiter.charge(series, 13, Date.now());
  };
  // `inFlight` clients, each one request at a time; between the check and the charge a request
  // waits for one event-loop turn, as a proxied request waits for its upstream.
  const clients = async (count: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < count) {
          const i = next++;
          if (inFlight === 1) {
            await one(i);
            // local and sync_rate > 0 answer without I/O: let the event loop run now and then, or
            // Redis's replies to the periodic sync wait until ioredis's read_timeout calls it down
            if (i % 1000 === 999) await new Promise((r) => setImmediate(r));
          } else {
            const series = limiter.series(`10.0.${i % 250}.1`);
            const states = await limiter.read(series, Date.now());
            if (decide(limiter.config, 'huggingface', states).refusal) throw new Error('refused');
            await new Promise((r) => setImmediate(r));
            limiter.charge(series, 13, Date.now());
          }
        }
      }),
    );
  };
  await clients(Math.min(n, 2000)); // warm-up (and the connection)
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const before = process.cpuUsage();
    await clients(n);
    const used = process.cpuUsage(before);
    samples.push((used.user + used.system) / n);
  }
  return median(samples);
}

async function main() {
  console.log(`ai-rate-limiting-advanced benchmark: node ${process.version}, ${cpus().length} cores, ${SECONDS} s per run, median of ${ROUNDS} rounds, ${load()}`);
  if (findRedisServer()) {
    redis = await startRedis();
    probe = new Redis({ host: redis.host, port: redis.port });
  }
  else console.log('\n!!! redis-server not found (Debian package redis-server): the redis rows are SKIPPED !!!');
  const tgi = await startProcess(join(ROOT, 'bin/mock-tgi'), ['--listen', '127.0.0.1:0', '--token', TOKEN], { listeners: ['mock-tgi'] });
  procs.push(tgi);
  const env = { DECK_HUGGINGFACE_TOKEN: TOKEN, DECK_TGI_URL: tgi.listeners.get('mock-tgi')! };
  const redisConf = `strategy: redis\n      redis: { host: 127.0.0.1, port: ${redis?.port} }\n      sync_rate:`;
  const configs: [string, string][] = [
    ['no limit', config('')],
    ['local', config(limitPlugin('strategy: local'))],
    ...(redis
      ? ([
          ['redis (sync_rate 0)', config(limitPlugin(`${redisConf} 0`))],
          ['redis (sync_rate 1)', config(limitPlugin(`${redisConf} 1`))],
        ] as [string, string][])
      : []),
  ];
  const targets: Target[] = [];
  for (const [name, text] of configs) {
    const gw = await startGatewayProcess(tempFile('kong.yaml', text), env);
    procs.push(gw);
    targets.push({ name, origin: gw.listeners.get('proxy')!, pid: gw.pid });
  }
  console.log('\n0. the limiter alone, in this process (read + decide + charge per request), CPU per request: one request at a time | 32 in flight');
  const both = async (strategy: Record<string, unknown>, n: number): Promise<[number, number]> => [await ownCost(strategy, n), await ownCost(strategy, n, 32)];
  const own: [string, [number, number]][] = [['local', await both({ strategy: 'local' }, 50_000)]];
  if (redis) {
    const conf = { strategy: 'redis', redis: { host: '127.0.0.1', port: redis.port } };
    own.push(['redis (sync_rate 0)', await both({ ...conf, sync_rate: 0 }, 5_000)], ['redis (sync_rate 1)', await both({ ...conf, sync_rate: 1 }, 50_000)]);
  }
  for (const [name, [one, many]] of own) console.log(`  ${name.padEnd(22)} ${one.toFixed(1).padStart(6)} µs | ${many.toFixed(1).padStart(6)} µs`);
  closeRateLimitStores();
  console.log(`  ${load()}`);

  loader = fork(join(ROOT, 'bench/gateway-load.ts'), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  for (const t of targets) await measure(t, { kind: 'closed', seconds: 2, connections: 32 }); // warm-up

  console.log('\n1. /generate, closed loop, 32 connections');
  const closed = await rounds(targets, { kind: 'closed', seconds: SECONDS, connections: 32 });
  report(targets, closed);
  console.log(`  ${load()}`);

  const rate = Math.round(med(closed.byTarget[0]!, 'rps') / 2);
  console.log(`\n2. /generate at a fixed rate of ${rate} req/s (half the no-limit peak), open loop`);
  report(targets, await rounds(targets, { kind: 'open', seconds: SECONDS, rate }));
  console.log(`  ${load()}`);
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    loader?.kill();
    probe?.disconnect();
    await Promise.all(procs.map((p) => p.kill('SIGKILL')));
    await redis?.close();
  });
