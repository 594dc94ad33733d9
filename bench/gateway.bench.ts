// Gateway benchmark, side by side in one run: direct to the local TGI vs through ai-gateway
// (one worker) vs a minimal node:http + undici pass-through (bench/baseline-proxy.ts). The load
// generator is its own process (bench/gateway-load.ts). Every measurement is taken in ROUNDS
// rounds, the compared targets back to back within a round, after a warm-up; the figures are
// the medians over rounds (ratios: the median of each round's ratio), printed beside the load
// average so a reader can judge the machine. Prints:
//   1. /generate closed loop at 32 and 128 connections: req/s, p50/p99, gateway/baseline req/s;
//   2. /generate at a fixed rate of half the baseline's peak, and of half the gateway's own
//      peak: p50/p99 added over direct, CPU time per request of each server;
//   3. 50-event streams at 5 ms per token: time to first byte, extra delay per event;
//   4. 10,000 vs 10 routes: closed-loop req/s and p99, fixed-rate p99, and startup time.
// BENCH_SECONDS (default 3) and BENCH_ROUNDS (default 3) scale it.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { startProcess, type StartedProcess } from '../src/testing/tgi/index.js';
import { ROOT, startGatewayProcess, tempFile, TOKEN } from '../src/gateway/test/harness.js';
import type { LoadJob, LoadResult } from './gateway-load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BODY = '{"inputs":"What is Deep Learning?","parameters":{"max_new_tokens":8}}';
const JSON_HEADERS = { 'content-type': 'application/json' };
const procs: StartedProcess[] = [];
let loader: ChildProcess | undefined;

function config(extraRoutes: number): string {
  const routes = Array.from({ length: extraRoutes }, (_, i) => `      - name: r${i}\n        paths: [/tenant-${i}/hf]\n`).join('');
  return `_format_version: "3.0"
services:
  - name: s
    url: http://localhost:8080
    routes:
${routes}      - name: hf
        paths: [/hf]
plugins:
  - name: ai-proxy
    config:
      route_type: llm/v1/chat
      llm_format: huggingface
      auth: { header_name: Authorization, header_value: 'Bearer \${{ env "DECK_HUGGINGFACE_TOKEN" }}' }
      model: { provider: huggingface, name: HuggingFaceTB/SmolVLM-Base, options: { upstream_url: '\${{ env "DECK_TGI_URL" }}' } }
`;
}

/** A place to send /generate: the proxies add the token themselves, direct calls carry it. */
interface Target {
  readonly name: string;
  readonly origin: string;
  readonly prefix: string;
  readonly headers: Record<string, string>;
  /** The process that serves it (the proxy itself; for direct, the TGI). */
  readonly pid: number;
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc/PID/stat (fields 14 and
 * 15, in clock ticks of 10 ms, Linux's USER_HZ). CPU per request is the figure a loaded
 * machine disturbs least: it does not depend on how long the process waited for a core.
 */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
const hasProc = (() => {
  try {
    return cpuMs(process.pid) >= 0;
  } catch {
    return false;
  }
})();

type Measured = LoadResult & { readonly cpuUs: number };

async function measured(t: Target, job: LoadJob): Promise<Measured> {
  const before = hasProc ? cpuMs(t.pid) : 0;
  const r = await runJob(job);
  return { ...r, cpuUs: hasProc ? ((cpuMs(t.pid) - before) * 1000) / r.sent : NaN };
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

const closed = (t: Target, connections: number, seconds = SECONDS) =>
  measured(t, { kind: 'closed', origin: t.origin, path: `${t.prefix}/generate`, body: BODY, headers: { ...JSON_HEADERS, ...t.headers }, seconds, connections });
const open = (t: Target, rate: number) =>
  measured(t, { kind: 'open', origin: t.origin, path: `${t.prefix}/generate`, body: BODY, headers: { ...JSON_HEADERS, ...t.headers }, seconds: SECONDS, rate });

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** ROUNDS rounds of `measure` over every target in turn; per target, the median of each figure. */
async function rounds(targets: readonly Target[], measure: (t: Target) => Promise<Measured>): Promise<Measured[][]> {
  const byTarget: Measured[][] = targets.map(() => []);
  for (let r = 0; r < ROUNDS; r++) for (const [i, t] of targets.entries()) byTarget[i]!.push(await measure(t));
  return byTarget;
}
const med = (rs: readonly Measured[], k: keyof Measured) => median(rs.map((r) => r[k]));
/** The median over rounds of a per-round comparison of two targets. */
const perRound = (a: readonly Measured[], b: readonly Measured[], f: (x: Measured, y: Measured) => number) => median(a.map((x, i) => f(x, b[i]!)));

const ms = (n: number) => n.toFixed(2);
const x = (n: number) => `${n.toFixed(2)}×`;
const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
const row = (name: string, r: readonly Measured[]) => `${name} ${med(r, 'rps').toFixed(0)} req/s p50 ${ms(med(r, 'p50'))} p99 ${ms(med(r, 'p99'))} ms`;
const cpu = (r: readonly Measured[]) => (hasProc ? `${med(r, 'cpuUs').toFixed(0)} µs` : 'n/a (no /proc)');

function stream(url: string, headers: Record<string, string>): Promise<{ ttfb: number; total: number; events: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let ttfb = 0;
    let events = 0;
    const req = request(url, { method: 'POST', headers: { ...JSON_HEADERS, 'x-mock-tgi-token-delay-ms': '5', ...headers } }, (res) => {
      res.on('data', (d: Buffer) => {
        if (ttfb === 0) ttfb = performance.now() - t0;
        events += d.toString().split('data:').length - 1;
      });
      res.on('end', () => resolve({ ttfb, total: performance.now() - t0, events }));
    });
    req.on('error', reject);
    req.end('{"inputs":"stream fifty tokens please","parameters":{"max_new_tokens":50}}');
  });
}

/** 20 streams per target, interleaved (direct, baseline, gateway, direct, …); means. */
async function streams(targets: readonly Target[], n = 20) {
  const out = targets.map(() => ({ ttfb: 0, total: 0, events: 0 }));
  for (let i = 0; i < n; i++) {
    for (const [j, t] of targets.entries()) {
      const s = await stream(`${t.origin}${t.prefix}/generate_stream`, t.headers);
      out[j]!.ttfb += s.ttfb / n;
      out[j]!.total += s.total / n;
      out[j]!.events = s.events;
    }
  }
  return out;
}

async function main() {
  console.log(`ai-gateway benchmark: node ${process.version}, ${cpus().length} cores, ${SECONDS} s per run, median of ${ROUNDS} rounds, ${load()}`);
  const tgi = await startProcess(join(ROOT, 'bin/mock-tgi'), ['--listen', '127.0.0.1:0', '--token', TOKEN], { listeners: ['mock-tgi'] });
  procs.push(tgi);
  const TGI = tgi.listeners.get('mock-tgi')!;
  const env = { DECK_HUGGINGFACE_TOKEN: TOKEN, DECK_TGI_URL: TGI };
  const gw = await startGatewayProcess(tempFile('kong.yaml', config(9)), env);
  procs.push(gw);
  const t10k = performance.now();
  const gw10k = await startGatewayProcess(tempFile('kong.yaml', config(9_999)), env);
  const startup10k = performance.now() - t10k;
  procs.push(gw10k);
  const base = await startProcess(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/baseline-proxy.ts'), TGI], { listeners: ['baseline'] });
  procs.push(base);
  loader = fork(join(ROOT, 'bench/gateway-load.ts'), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });

  const auth = { authorization: `Bearer ${TOKEN}` };
  const direct: Target = { name: 'direct', origin: TGI, prefix: '', headers: auth, pid: tgi.pid };
  const baseline: Target = { name: 'baseline', origin: base.listeners.get('baseline')!, prefix: '', headers: auth, pid: base.pid };
  const gateway: Target = { name: 'gateway', origin: gw.listeners.get('proxy')!, prefix: '/hf', headers: {}, pid: gw.pid };
  const gateway10k: Target = { name: 'gateway (10,000 routes)', origin: gw10k.listeners.get('proxy')!, prefix: '/hf', headers: {}, pid: gw10k.pid };
  const three = [direct, baseline, gateway];

  // Warm-up: the JIT and the connection pools of every process, so round 1 is not a cold start.
  for (const t of [direct, baseline, gateway, gateway10k]) await closed(t, 32, 2);

  console.log(`\n1. /generate, closed loop (autocannon)`);
  const peaks: number[] = [];
  const gatewayPeaks: number[] = [];
  for (const c of [32, 128]) {
    const [d, b, g] = await rounds(three, (t) => closed(t, c));
    peaks.push(med(b!, 'rps'));
    gatewayPeaks.push(med(g!, 'rps'));
    console.log(`  c=${c}  ${row('direct', d!)} | ${row('baseline', b!)} | ${row('gateway', g!)}`);
    console.log(`  c=${c}  gateway/baseline req/s ${x(perRound(g!, b!, (p, q) => p.rps / q.rps))} (target ≥ 0.9×), p99 ${x(perRound(g!, b!, (p, q) => p.p99 / q.p99))}; CPU per request baseline ${cpu(b!)}, gateway ${cpu(g!)}; ${load()}`);
  }

  // Half of the baseline's peak (the load), then half of the gateway's own peak (the
  // same utilisation for each proxy: on one core the first is ~70% of the gateway's capacity).
  const rate = Math.round(Math.max(...peaks) / 2);
  const ownRate = Math.round(Math.max(...gatewayPeaks) / 2);
  for (const [n, r, what] of [['2', rate, `half the baseline's peak (${Math.max(...peaks).toFixed(0)} req/s)`], ['2b', ownRate, `half the gateway's own peak (${Math.max(...gatewayPeaks).toFixed(0)} req/s)`]] as const) {
    console.log(`\n${n}. /generate at a fixed rate of ${r} req/s, ${what}, open loop`);
    const [d, b, g] = await rounds(three, (t) => open(t, r));
    console.log(`  ${row('direct', d!)} | ${row('baseline', b!)} | ${row('gateway', g!)}`);
    for (const [name, m] of [['baseline', b!], ['gateway', g!]] as const) {
      console.log(`  added over direct, ${name}: p50 ${ms(perRound(m, d!, (p, q) => p.p50 - q.p50))} ms, p99 ${ms(perRound(m, d!, (p, q) => p.p99 - q.p99))} ms${name === 'gateway' ? ' (target p99 ≤ 1 ms)' : ''}`);
    }
    console.log(`  CPU per request: TGI ${cpu(d!)}, baseline ${cpu(b!)}, gateway ${cpu(g!)} (gateway/baseline ${x(perRound(g!, b!, (p, q) => p.cpuUs / q.cpuUs))}); ${load()}`);
  }

  const [sd, sb, sg] = await streams(three);
  console.log(`\n3. streams of ${sd!.events} events at 5 ms per token (mean of 20 each, interleaved)`);
  console.log(`  time to first byte: direct ${ms(sd!.ttfb)} ms, baseline ${ms(sb!.ttfb)} ms, gateway ${ms(sg!.ttfb)} ms`);
  console.log(`  extra delay per event vs direct: baseline ${ms((sb!.total - sd!.total) / sd!.events)} ms, gateway ${ms((sg!.total - sd!.total) / sd!.events)} ms (target ≤ 1 ms); ${load()}`);

  console.log(`\n4. 10,000 routes vs 10 (gateway, same ai-proxy; startup with 10,000 routes ${(startup10k / 1000).toFixed(1)} s to listening)`);
  const [c10, c10k] = await rounds([gateway, gateway10k], (t) => closed(t, 32));
  console.log(`  closed loop c=32: 10 → ${row('', c10!)}; 10,000 → ${row('', c10k!)}`);
  console.log(`  10,000/10: req/s ${x(perRound(c10k!, c10!, (p, q) => p.rps / q.rps))}, p99 ${x(perRound(c10k!, c10!, (p, q) => p.p99 / q.p99))} (target ≤ 1.1×)`);
  const [o10, o10k] = await rounds([gateway, gateway10k], (t) => open(t, ownRate));
  console.log(`  fixed rate ${ownRate} req/s (half the gateway's peak): 10 → p50 ${ms(med(o10!, 'p50'))} p99 ${ms(med(o10!, 'p99'))} ms; 10,000 → p50 ${ms(med(o10k!, 'p50'))} p99 ${ms(med(o10k!, 'p99'))} ms; p99 ${x(perRound(o10k!, o10!, (p, q) => p.p99 / q.p99))} (target ≤ 1.1×)`);
  console.log(`  CPU per request at that rate: 10 → ${cpu(o10!)}, 10,000 → ${cpu(o10k!)} (${x(perRound(o10k!, o10!, (p, q) => p.cpuUs / q.cpuUs))})`);
  console.log(`  ${load()}`);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => {
    loader?.kill();
    return Promise.all(procs.map((p) => p.kill()));
  });
