// A/B of two builds of the gateway, side by side in one run: this checkout's build (dist/, made
// by `make build`; `make bench` builds first) against the gateway built from an earlier git
// revision, both `bin/ai-gateway --workers 1` on the same decK file in front of the same
// upstreams. The earlier revision is AB_BASE (any revision git understands: `AB_BASE=3c197a0`,
// `AB_BASE=HEAD~3`); by default the merge-base of HEAD and `main` (HEAD~1 when HEAD is on main).
// It is built once into $TMPDIR/ai-gateway-ab-<commit>/ (`git archive` of the revision, this
// checkout's node_modules linked in, `node scripts/build.mjs`) and reused by later runs.
// In each of AB_ROUNDS rounds (default 5) it measures:
//   /generate           native Hugging Face, non-streaming, closed loop at 32 connections for
//                       AB_SECONDS (default 3) (autocannon, bench/gateway-load.ts): req/s, p99,
//                       CPU per request of the gateway process;
//   /generate_stream    AB_STREAMS (default 32) concurrent 50-token streams, 5 ms per token,
//                       AB_PER_CLIENT (4) per client (bench/stream-load.ts): time to first
//                       token, CPU per stream;
//   openai chat stream  the same through an OpenAI-format route (provider openai → bin/mock-llm).
// AB_ROWS=streams measures the two stream rows only. Before the rounds, AB_WARM (default 400)
// zero-delay streams of each stream row warm both builds' JIT.
// By default both builds are loaded at the same time, each by its own load generators, so both
// see the same machine (AB_TOGETHER=0: one after the other, alternating): on a shared machine,
// rounds run one after the other differed by ±30% for two identical builds. Prints the medians
// per build and new/base as the median of the per-round ratios with their range. CPU time is
// read from /proc (bench/proc-cpu.ts).
import { execFileSync } from 'node:child_process';
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess, type StartedProcess } from '../src/testing/tgi/index.js';
import { ROOT } from '../src/gateway/test/harness.js';
import type { LoadJob, LoadResult } from './gateway-load.js';
import { cpuNs, hasProc, median, ratioOf } from './proc-cpu.js';
import type { StreamJob, StreamResult } from './stream-load.js';
import { chatStreamBody, DELAY_MS, nativeStreamBody, startUpstreams, TOKENS, writeGatewayConfig } from './stream-upstreams.js';

const ROUNDS = Number(process.env.AB_ROUNDS ?? 5);
/** Load both builds at the same time (default), or one after the other (AB_TOGETHER=0). */
const TOGETHER = process.env.AB_TOGETHER !== '0';
const SECONDS = Number(process.env.AB_SECONDS ?? 3);
/** Concurrent streams of the stream rows. */
const STREAMS = Number(process.env.AB_STREAMS ?? 32);
/** Streams each client sends one after the other, per round. */
const PER_CLIENT = Number(process.env.AB_PER_CLIENT ?? 4);
const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();

function baseRevision(): string {
  const asked = process.env.AB_BASE;
  if (asked !== undefined && asked !== '') return git('rev-parse', '--verify', `${asked}^{commit}`);
  const head = git('rev-parse', 'HEAD');
  let base = head;
  try {
    base = git('merge-base', 'HEAD', 'main');
  } catch {
    // no main branch here: fall back to HEAD~1
  }
  return base === head ? git('rev-parse', 'HEAD~1') : base;
}

/** The gateway of `commit`, built once into a temporary directory; returns that directory. */
function buildAt(commit: string): string {
  const dir = join(tmpdir(), `ai-gateway-ab-${commit.slice(0, 12)}`);
  if (existsSync(join(dir, 'dist', 'ai-gateway.mjs'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', 'git archive --format=tar "$1" | tar -x -C "$2"', 'sh', commit, dir], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(join(dir, 'dist', 'ai-gateway.mjs'))) throw new Error(`building ${commit} in ${dir} made no dist/ai-gateway.mjs`);
  return dir;
}

const procs: StartedProcess[] = [];
const loaders: ChildProcess[] = [];
/** A load generator process of its own (bench/gateway-load.ts or bench/stream-load.ts). */
function loaderOf(file: string): ChildProcess {
  const child = fork(join(ROOT, 'bench', file), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  loaders.push(child);
  return child;
}

function ask<J, R extends { failures: number }>(child: ChildProcess, job: J, what: string): Promise<R> {
  return new Promise((resolve, reject) => {
    child.once('message', (m: { result?: R; error?: string }) => {
      if (m.error !== undefined) reject(new Error(`${what}: ${m.error}`));
      else if (m.result!.failures > 0) reject(new Error(`${what}: ${m.result!.failures} failed`));
      else resolve(m.result!);
    });
    child.send(job as object);
  });
}

interface Build {
  readonly name: 'base' | 'new';
  readonly origin: string;
  readonly pid: number;
  /** Each build has its own load generators, so both can be loaded at the same time. */
  readonly loader: ChildProcess;
  readonly streamLoader: ChildProcess;
}

/** One figure set of one build in one round. */
interface Figures {
  readonly rate: number;
  readonly p50: number;
  readonly p99: number;
  readonly cpuUs: number;
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function generate(b: Build): Promise<Figures> {
  const job: LoadJob = {
    kind: 'closed',
    origin: b.origin,
    path: '/hf/generate',
    body: '{"inputs":"What is Deep Learning?","parameters":{"max_new_tokens":8}}',
    headers: { 'content-type': 'application/json' },
    seconds: SECONDS,
    connections: 32,
  };
  const before = hasProc ? cpuNs(b.pid) : 0;
  const r = await ask<LoadJob, LoadResult>(b.loader, job, `${b.name} /generate`);
  return { rate: r.rps, p50: r.p50, p99: r.p99, cpuUs: hasProc ? (cpuNs(b.pid) - before) / 1000 / r.sent : NaN };
}

/** `fast`: the upstreams send every token at once (their per-request delay header, forwarded by the gateway). */
async function streams(b: Build, path: string, body: string, perClient = PER_CLIENT, fast = false): Promise<Figures> {
  const headers = { 'content-type': 'application/json', ...(fast ? { 'x-mock-token-delay-ms': '0', 'x-mock-tgi-token-delay-ms': '0' } : {}) };
  const job: StreamJob = { origin: b.origin, path, body, headers, concurrency: STREAMS, perClient, spreadMs: TOKENS * DELAY_MS, minEvents: TOKENS };
  const before = hasProc ? cpuNs(b.pid) : 0;
  const r = await ask<StreamJob, StreamResult>(b.streamLoader, job, `${b.name} ${path}`);
  return { rate: r.streams, p50: percentile(r.ttft, 50), p99: percentile(r.ttft, 99), cpuUs: hasProc ? (cpuNs(b.pid) - before) / 1000 / r.streams : NaN };
}

const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;

async function main() {
  let base: string;
  try {
    base = baseRevision();
  } catch {
    console.log('ai-gateway A/B: skipped — no base revision here (a shallow clone?); set AB_BASE to a commit this checkout has');
    return;
  }
  const head = git('rev-parse', 'HEAD');
  const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
  console.log(`ai-gateway A/B: base ${base.slice(0, 7)} (AB_BASE) vs new = this checkout's dist/ (HEAD ${head.slice(0, 7)}${dirty ? ' + uncommitted changes' : ''})`);
  const t0 = performance.now();
  const baseDir = buildAt(base);
  console.log(`base build: ${baseDir} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  console.log(
    `node ${process.version}, ${cpus().length} cores; both --workers 1 (one process each); medians of ${ROUNDS} rounds, ${TOGETHER ? 'both builds loaded at the same time (AB_TOGETHER=0: one after the other)' : 'builds one after the other, alternating'}; ${load()}`,
  );

  // /hf: the seed's native route (mock-tgi's --token-delay-ms paces streams; /generate answers at once)
  const config = writeGatewayConfig(await startUpstreams(procs));
  const start = async (name: Build['name'], root: string): Promise<Build> => {
    const p = await startProcess(join(root, 'bin/ai-gateway'), ['--config', config, '--proxy-listen', '127.0.0.1:0', '--status-listen', '127.0.0.1:0', '--workers', '1'], { listeners: ['proxy', 'status'] });
    procs.push(p);
    return { name, origin: p.listeners.get('proxy')!, pid: p.pid, loader: loaderOf('gateway-load.ts'), streamLoader: loaderOf('stream-load.ts') };
  };
  const builds = [await start('base', baseDir), await start('new', ROOT)];

  const native = nativeStreamBody();
  const chat = chatStreamBody('gpt-4o');
  const allRows: [string, string, (b: Build, perClient?: number) => Promise<Figures>][] = [
    ['/generate, closed loop c=32', 'req/s', generate],
    [`/generate_stream, ${STREAMS} concurrent streams`, 'streams', (b, n) => streams(b, '/hf/generate_stream', native, n)],
    [`OpenAI chat stream (provider openai), ${STREAMS} concurrent`, 'streams', (b, n) => streams(b, '/openai', chat, n)],
  ];
  // AB_ROWS=streams: the stream rows only
  const rows = process.env.AB_ROWS === 'streams' ? allRows.filter(([, unit]) => unit === 'streams') : allRows;
  // warm-up: the JIT of both builds (AB_WARM zero-delay streams of each stream row, default 400:
  // with fewer, one-at-a-time rows run interpreted per-request code), then the connection pools
  const warm = Math.ceil(Number(process.env.AB_WARM ?? 400) / STREAMS);
  if (warm > 0) for (const [path, body] of [['/hf/generate_stream', native], ['/openai', chat]] as const) await Promise.all(builds.map((b) => streams(b, path, body, warm, true)));
  for (const [, , run] of rows) await Promise.all(builds.map((b) => run(b, 2)));

  for (const [name, unit, run] of rows) {
    const by: Figures[][] = [[], []];
    for (let r = 0; r < ROUNDS; r++) {
      if (TOGETHER) {
        const both = await Promise.all(builds.map((b) => run(b)));
        both.forEach((f, i) => by[i]!.push(f));
        continue;
      }
      const order = r % 2 === 0 ? [0, 1] : [1, 0];
      for (const i of order) by[i]!.push(await run(builds[i]!));
    }
    const [b, n] = by as [Figures[], Figures[]];
    const med = (xs: Figures[], k: keyof Figures) => median(xs.map((f) => f[k]));
    const col = (xs: Figures[]) =>
      unit === 'req/s'
        ? `${med(xs, 'rate').toFixed(0)} req/s, p50 ${med(xs, 'p50').toFixed(2)} p99 ${med(xs, 'p99').toFixed(2)} ms, CPU ${med(xs, 'cpuUs').toFixed(0)} µs per request`
        : `time to first token p50 ${med(xs, 'p50').toFixed(1)} p99 ${med(xs, 'p99').toFixed(1)} ms, CPU ${med(xs, 'cpuUs').toFixed(0)} µs per stream`;
    console.log(`\n${name}`);
    console.log(`  base: ${col(b)}`);
    console.log(`  new:  ${col(n)}`);
    const pick = (xs: Figures[], k: keyof Figures) => xs.map((f) => f[k]);
    const cpu = ratioOf(pick(n, 'cpuUs'), pick(b, 'cpuUs'));
    const first =
      unit === 'req/s' ? `req/s ${ratioOf(pick(n, 'rate'), pick(b, 'rate')).text}, p99 ${ratioOf(pick(n, 'p99'), pick(b, 'p99')).text}` : `TTFT p50 ${ratioOf(pick(n, 'p50'), pick(b, 'p50')).text}, p99 ${ratioOf(pick(n, 'p99'), pick(b, 'p99')).text}`;
    console.log(`  new/base: ${first}; CPU per ${unit === 'req/s' ? 'request' : 'stream'} ${cpu.text}; ${load()}`);
  }
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const l of loaders) l.kill();
    return Promise.all(procs.map((p) => p.kill()));
  });
