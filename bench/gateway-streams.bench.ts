// Concurrent streams, side by side in one run (issue #13's stream targets): direct to the
// upstream, through a minimal node:http + undici pass-through (bench/baseline-proxy.ts, one
// process) and through bin/ai-gateway with --workers 1 (one process: no cluster primary), both
// keep-alive towards the upstream and towards the load generator. The load generator is its own
// process (bench/stream-load.ts): C clients, each sending streams one after the other over its
// own keep-alive connection, their starts spread over one stream's length. Every stream is 50
// tokens, 5 ms apart. Scenarios (BENCH_SCENARIOS, comma-separated):
//   hf-native    POST /generate_stream, native Hugging Face (llm_format huggingface) → bin/mock-tgi:
//                the gateway relays the upstream bytes and reads usage on the way;
//   openai-chat  OpenAI chat stream, provider openai → bin/mock-llm: the gateway decodes each
//                event and writes the OpenAI chunk again (id, created, model), adds [DONE];
//   hf-chat      OpenAI chat stream, provider huggingface → bin/mock-tgi's /v1/chat/completions
//                (translated event by event); not in the default set.
// At each concurrency (BENCH_CONCURRENCY, default 32,128) and in each of BENCH_ROUNDS rounds
// (default 6; the order of the three reversed every other round) it measures, per target: the
// time to first token (first body chunk carrying a `data:` event) over every stream, median,
// p99 and mean; the time to the last byte; and the CPU time of the serving process per stream (from
// /proc: the sum of its threads' schedstat run times, ns; for "direct" that is the upstream's
// own). Prints the medians over rounds and, for gateway/baseline, the median over order-balanced
// pairs of rounds of their ratio (each pair's geometric mean: running first or second moved a
// round's ratio between ~0.7× and ~1.4× at 128 streams on a quiet machine) with the range over the
// pairs — the spread a shared machine leaves (BENCH_TOGETHER: the per-round ratios). Targets: TTFT and CPU
// per stream within 1.1× the pass-through. BENCH_PER_CLIENT (default 4) streams per client.
// BENCH_TOGETHER=1 loads baseline and gateway at the same time (each with its own load
// generator; direct alone before them), so both see the same machine: on a machine other work
// shares, one-after-the-other rounds differ by more than the effects measured.
// Before the rounds, BENCH_WARM (default 400) streams per target with the tokens sent at once warm
// every process's JIT (0: none).
// BENCH_CPU_PROF=DIR runs the gateway under `node --cpu-prof`, its profile written to DIR at the end.
import { fork, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { startProcess, type StartedProcess } from '../src/testing/tgi/index.js';
import { ROOT, startGatewayProcess, TOKEN } from '../src/gateway/test/harness.js';
import { cpuNs, hasProc, median, pairedRatioOf, ratioOf } from './proc-cpu.js';
import type { StreamJob, StreamResult } from './stream-load.js';
import { chatStreamBody, DELAY_MS, KEY, nativeStreamBody, startUpstreams, TOKENS, writeGatewayConfig } from './stream-upstreams.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const PER_CLIENT = Number(process.env.BENCH_PER_CLIENT ?? 4);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '32,128').split(',').map(Number);
const SCENARIOS = (process.env.BENCH_SCENARIOS ?? 'hf-native,openai-chat').split(',');
const TARGET_RATIO = 1.1;
const WARM = Number(process.env.BENCH_WARM ?? 400);
/** mock-llm's and mock-tgi's per-request token delay, 0: a warm-up stream takes milliseconds. */
const NO_DELAY = { 'x-mock-token-delay-ms': '0', 'x-mock-tgi-token-delay-ms': '0' };
/** BENCH_TOGETHER=1: baseline and gateway loaded at the same time (each with its own load generator), direct alone before them. */
const TOGETHER = process.env.BENCH_TOGETHER === '1';

const procs: StartedProcess[] = [];
/** One load generator per target kind, so baseline and gateway can be loaded at the same time. */
const loaders = new Map<Target['name'], ChildProcess>();

interface Target {
  readonly name: 'direct' | 'baseline' | 'gateway';
  readonly origin: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  /** The process whose CPU is counted: the proxy, or for direct the upstream. */
  readonly pid: number;
}

interface Scenario {
  readonly name: string;
  readonly what: string;
  readonly body: string;
  readonly targets: readonly Target[];
}

interface Measured {
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  readonly last: number;
  readonly cpuUs: number;
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

function runJob(loader: ChildProcess, job: StreamJob): Promise<StreamResult> {
  return new Promise((resolve, reject) => {
    loader.once('message', (m: { result?: StreamResult; error?: string }) => {
      if (m.error !== undefined) reject(new Error(`${job.origin}${job.path}: ${m.error}`));
      else if (m.result!.failures > 0) reject(new Error(`${job.origin}${job.path}: ${m.result!.failures} failed streams, first: ${m.result!.failure}`));
      else resolve(m.result!);
    });
    loader.send(job);
  });
}

/** `fast`: the upstreams send every token at once (their per-request delay header, forwarded by both proxies). */
async function measure(s: Scenario, t: Target, concurrency: number, perClient = PER_CLIENT, fast = false): Promise<Measured> {
  const job: StreamJob = {
    origin: t.origin,
    path: t.path,
    body: s.body,
    headers: { 'content-type': 'application/json', ...t.headers, ...(fast ? NO_DELAY : {}) },
    concurrency,
    perClient,
    spreadMs: TOKENS * DELAY_MS,
    minEvents: TOKENS,
  };
  const before = hasProc ? cpuNs(t.pid) : 0;
  const r = await runJob(loaders.get(t.name)!, job);
  const cpuUs = hasProc ? (cpuNs(t.pid) - before) / 1000 / r.streams : NaN;
  return { p50: percentile(r.ttft, 50), p99: percentile(r.ttft, 99), mean: r.ttft.reduce((a, b) => a + b, 0) / r.ttft.length, last: median(r.total), cpuUs };
}

const f1 = (n: number) => n.toFixed(1);
const x = (n: number) => `${n.toFixed(2)}×`;
const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;

/**
 * gateway/baseline for one figure: loaded together, the median of the per-round ratios with their
 * range; one after the other (the order reversed every other round), the median over
 * order-balanced pairs of rounds (pairedRatioOf), so running first or second does not decide it.
 */
const ratio = (g: readonly Measured[], b: readonly Measured[], k: keyof Measured) =>
  (TOGETHER ? ratioOf : pairedRatioOf)(g.map((m) => m[k]), b.map((m) => m[k]));

async function main() {
  console.log(
    `ai-gateway concurrent streams: node ${process.version}, ${cpus().length} cores; ${TOKENS}-token streams at ${DELAY_MS} ms per token; ${PER_CLIENT} streams per client; medians of ${ROUNDS} rounds; ${load()}`,
  );
  console.log('gateway: bin/ai-gateway --workers 1 (one process); baseline: bench/baseline-proxy.ts (one process); both keep-alive both ways');
  console.log(TOGETHER ? 'each round: direct alone, then baseline and gateway loaded at the same time (BENCH_TOGETHER=1)' : 'each round: direct, baseline, gateway one after the other (reversed every other round)');
  const upstreams = await startUpstreams(procs);
  const { tgi, llm, TGI, LLM } = upstreams;
  // BENCH_CPU_PROF=DIR: the gateway writes a V8 CPU profile there when the bench stops it (open it in Chrome DevTools)
  const prof = process.env.BENCH_CPU_PROF;
  const config = writeGatewayConfig(upstreams);
  const gw = prof
    ? await startProcess(
        process.execPath,
        ['--cpu-prof', '--cpu-prof-dir', prof, join(ROOT, 'dist/ai-gateway.mjs'), '--config', config, '--proxy-listen', '127.0.0.1:0', '--status-listen', '127.0.0.1:0', '--workers', '1'],
        { listeners: ['proxy', 'status'] },
      )
    : await startGatewayProcess(config, {});
  procs.push(gw);
  const GW = gw.listeners.get('proxy')!;
  const baseline = async (upstream: string) => {
    const p = await startProcess(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/baseline-proxy.ts'), upstream], { listeners: ['baseline'] });
    procs.push(p);
    return { url: p.listeners.get('baseline')!, pid: p.pid };
  };
  const baseTgi = await baseline(TGI);
  const baseLlm = await baseline(LLM);
  for (const name of ['direct', 'baseline', 'gateway'] as const) {
    loaders.set(name, fork(join(ROOT, 'bench/stream-load.ts'), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }

  const hfAuth = { authorization: `Bearer ${TOKEN}` };
  const llmAuth = { authorization: `Bearer ${KEY}` };
  const chat = chatStreamBody;
  const all: Record<string, Scenario> = {
    'hf-native': {
      name: 'hf-native',
      what: 'native Hugging Face POST /generate_stream → mock-tgi (bytes relayed)',
      body: nativeStreamBody(),
      targets: [
        { name: 'direct', origin: TGI, path: '/generate_stream', headers: hfAuth, pid: tgi.pid },
        { name: 'baseline', origin: baseTgi.url, path: '/generate_stream', headers: hfAuth, pid: baseTgi.pid },
        { name: 'gateway', origin: GW, path: '/hf/generate_stream', headers: {}, pid: gw.pid },
      ],
    },
    'openai-chat': {
      name: 'openai-chat',
      what: 'OpenAI chat stream, provider openai → mock-llm (each event re-written)',
      body: chat('gpt-4o'),
      targets: [
        { name: 'direct', origin: LLM, path: '/v1/chat/completions', headers: llmAuth, pid: llm.pid },
        { name: 'baseline', origin: baseLlm.url, path: '/v1/chat/completions', headers: llmAuth, pid: baseLlm.pid },
        { name: 'gateway', origin: GW, path: '/openai', headers: {}, pid: gw.pid },
      ],
    },
    'hf-chat': {
      name: 'hf-chat',
      what: "OpenAI chat stream, provider huggingface → mock-tgi's /v1/chat/completions (translated)",
      body: chat('HuggingFaceTB/SmolVLM-Base'),
      targets: [
        { name: 'direct', origin: TGI, path: '/v1/chat/completions', headers: hfAuth, pid: tgi.pid },
        { name: 'baseline', origin: baseTgi.url, path: '/v1/chat/completions', headers: hfAuth, pid: baseTgi.pid },
        { name: 'gateway', origin: GW, path: '/hf-chat', headers: {}, pid: gw.pid },
      ],
    },
  };
  const scenarios = SCENARIOS.map((n) => {
    const s = all[n];
    if (s === undefined) throw new Error(`BENCH_SCENARIOS: unknown scenario "${n}" (known: ${Object.keys(all).join(', ')})`);
    return s;
  });

  // Warm-up, so round 1 is not a cold start: the JIT of every process — BENCH_WARM streams per
  // target (default 400) with the tokens sent at once, eight at a time, so even one-at-a-time
  // rounds (c=1) run optimized code as a serving gateway does (with a cold JIT the per-request
  // code runs interpreted: ~1.2 ms of the gateway's CPU before the upstream call against
  // ~0.5 ms warm) — then the connection pools, at each concurrency.
  for (const s of scenarios) for (const t of s.targets) if (WARM > 0) await measure(s, t, 8, Math.ceil(WARM / 8), true);
  for (const s of scenarios) for (const t of s.targets) for (const c of CONCURRENCY) await measure(s, t, c, 2);

  const missed: string[] = [];
  for (const s of scenarios) {
    console.log(`\n${s.name}: ${s.what}`);
    for (const c of CONCURRENCY) {
      const by: Measured[][] = s.targets.map(() => []);
      for (let r = 0; r < ROUNDS; r++) {
        if (TOGETHER) {
          by[0]!.push(await measure(s, s.targets[0]!, c));
          const [b, g] = await Promise.all([measure(s, s.targets[1]!, c), measure(s, s.targets[2]!, c)]);
          by[1]!.push(b);
          by[2]!.push(g);
          continue;
        }
        const order = r % 2 === 0 ? [...s.targets.keys()] : [...s.targets.keys()].reverse();
        for (const i of order) by[i]!.push(await measure(s, s.targets[i]!, c));
      }
      const med = (i: number, k: keyof Measured) => median(by[i]!.map((m) => m[k]));
      const cells = s.targets.map((t, i) => `${t.name} ${f1(med(i, 'p50'))}/${f1(med(i, 'p99'))}/${f1(med(i, 'mean'))}`).join(', ');
      const cpu = s.targets.map((t, i) => `${t.name === 'direct' ? 'upstream' : t.name} ${med(i, 'cpuUs').toFixed(0)}`).join(', ');
      const last = s.targets.map((t, i) => `${t.name} ${f1(med(i, 'last'))}`).join(', ');
      const [, b, g] = [by[0]!, by[1]!, by[2]!];
      const p50 = ratio(g, b, 'p50');
      const p99 = ratio(g, b, 'p99');
      const mean = ratio(g, b, 'mean');
      const cpuR = ratio(g, b, 'cpuUs');
      console.log(`  c=${c} (${c * PER_CLIENT} streams per target and round)`);
      console.log(`    time to first token p50/p99/mean ms: ${cells}`);
      console.log(`    time to last byte p50 ms: ${last}`);
      console.log(`    CPU per stream µs: ${cpu}`);
      console.log(`    gateway/baseline: TTFT p50 ${p50.text}, p99 ${p99.text}, mean ${mean.text}; CPU per stream ${cpuR.text} (target ≤ ${TARGET_RATIO}×); ${load()}`);
      for (const [what, r] of [['TTFT p50', p50], ['CPU', cpuR]] as const) if (r.med > TARGET_RATIO) missed.push(`${s.name} c=${c} ${what} ${x(r.med)}`);
    }
  }
  console.log(`\ntargets (TTFT p50 and CPU per stream ≤ ${TARGET_RATIO}× the pass-through): ${missed.length === 0 ? 'met' : `not met: ${missed.join('; ')}`}`);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const l of loaders.values()) l.kill();
    return Promise.all(procs.map((p) => p.kill()));
  });
