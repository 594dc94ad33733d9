// ai-proxy-advanced benchmark, side by side in one run: bin/ai-gateway processes (one worker
// each, the same configuration) in front of one bin/mock-llm (OpenAI chat), load from
// bench/gateway-load.ts processes:
//   1. CPU per request of the gateway: plain ai-proxy vs ai-proxy-advanced (round-robin, three
//      healthy targets), goal ≤ 1.05×. CPU is the gateway process's, every thread, in ns
//      (bench/proc-cpu.ts, /proc/PID/task/*/schedstat): a figure a loaded machine disturbs
//      little, unlike req/s; hardware counters (perf stat -e instructions) are not available on
//      this VM. Two gateways (one process each) serve two routes at the same time, the same
//      number of requests each over 4 connections from two load processes; a pair of rounds —
//      gateway A serves the first route and B the second, then swapped — gives one paired ratio,
//      the geometric mean of the two rounds' ratios, in which each process's own speed cancels
//      out, and in which both routes saw the same moment's load. Each block has a test pair
//      (advanced vs plain) and a control pair (A/A: plain vs an identical second plain route), in
//      alternating order (T C, C T, …), so the control shows, in the same run and under the same
//      load, how far from 1.0 a ratio strays when nothing differs. Printed: the median of the
//      blocks' ratios with a 95% bootstrap interval (resampling blocks; seeded, so a run's figures
//      are reproducible from its ratios), the range, and the test/control ratio paired by block.
//      The goal holds when the test interval's upper end is ≤ 1.05. BENCH_PAIRING=process pairs
//      within each process instead (ABBA in turn, both gateways at once in opposite order): the
//      process factor cancels exactly, but the two routes no longer run at the same moment, and
//      on this shared machine its A/A control came out wider (0.88–1.32 vs 0.92–1.07 per block).
//   2. failover latency: the first target answers 429 at once (priority: it is always tried
//      first; failover_criteria http_429 + non_idempotent) and the second serves, vs the same
//      request sent to a route whose only target is that second one; one connection, requests
//      one after the other; p50/p99 of each and the difference (goal: ≤ 2 ms over the second
//      target's own latency), medians over ROUNDS rounds.
// BENCH_REQUESTS (default 2000 per route and round), BENCH_BLOCKS (default 20) and BENCH_ROUNDS
// (default 5, part 2) scale it; the load average is printed at the start, per block and at the end.
import { fork, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { StartedProcess } from '../src/testing/tgi/index.js';
import { ROOT, startGatewayProcess, tempFile } from '../src/gateway/test/harness.js';
import { startMockLlm } from '../src/gateway/test/mock-llm-process.js';
import { formatRatio, medianInterval, pairRatio } from './bootstrap.js';
import type { LoadJob, LoadResult } from './gateway-load.js';
import { cpuNs, median } from './proc-cpu.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PAIRING = process.env.BENCH_PAIRING === 'process' ? 'process' : 'swap';
const GOAL = 1.05;
const BODY = JSON.stringify({ messages: [{ role: 'user', content: 'What is deep learning?' }], max_tokens: 8 });
const procs: StartedProcess[] = [];
const loaders: ChildProcess[] = [];

function config(up: string): string {
  const target = (model: string, weight = 100) => `{ route_type: llm/v1/chat, weight: ${weight}, model: { provider: openai, name: ${model}, options: { upstream_url: "${up}/v1/chat/completions" } } }`;
  const plain = (name: string, model: string) => `      - name: ${name}
        paths: [/${name}]
        plugins:
          - name: ai-proxy
            config: { route_type: llm/v1/chat, model: { provider: openai, name: ${model}, options: { upstream_url: "${up}/v1/chat/completions" } } }`;
  const advanced = (name: string, targets: string[], balancer: string) => `      - name: ${name}
        paths: [/${name}]
        plugins:
          - name: ai-proxy-advanced
            config:
              targets: [${targets.join(', ')}]
              balancer: ${balancer}`;
  // model names of one length: every answer has the same size
  return `_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:1
    routes:
${plain('plain', 'm-p1')}
${plain('plain2', 'm-p2')}
${advanced('advanced', [target('m-a1'), target('m-a2'), target('m-a3')], '{ algorithm: round-robin }')}
${advanced('failover', [target('m-first', 100), target('m-second', 50)], '{ algorithm: priority, failover_criteria: [http_429, non_idempotent] }')}
${advanced('second', [target('m-second')], '{ algorithm: priority, failover_criteria: [http_429, non_idempotent] }')}
`;
}

type Measured = LoadResult & { readonly cpuUs: number };

function runJob(job: LoadJob, loader = loaders[0]!): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    loader.once('message', (m: { result?: LoadResult; error?: string }) => {
      if (m.error !== undefined) reject(new Error(`${job.path}: ${m.error}`));
      else if (m.result!.failures > 0) reject(new Error(`${job.path}: ${m.result!.failures} failed requests`));
      else resolve(m.result!);
    });
    loader.send(job);
  });
}

const ms = (n: number) => n.toFixed(2);
const x = (n: number) => `${n.toFixed(3)}×`;
const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;

async function main() {
  console.log(`ai-proxy-advanced benchmark: node ${process.version}, ${cpus().length} cores, ${load()}`);
  const mock = await startMockLlm([]);
  procs.push(mock.proc);
  const file = tempFile('kong.yaml', config(mock.url));
  const gws = [await startGatewayProcess(file, {}), await startGatewayProcess(file, {})];
  procs.push(...gws);
  for (let i = 0; i < 2; i++) loaders.push(fork(join(ROOT, 'bench/gateway-load.ts'), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const headers = (fault?: string) => ({ 'content-type': 'application/json', ...(fault ? { 'x-mock-fault': fault } : {}) });
  const measure = async (path: string, connections: number, requests: number, fault?: string, g = 0): Promise<Measured> => {
    const gw = gws[g]!;
    const before = cpuNs(gw.pid);
    const r = await runJob({ kind: 'count', origin: gw.listeners.get('proxy')!, path, body: BODY, headers: headers(fault), seconds: 0, connections, requests }, loaders[g]);
    return { ...r, cpuUs: (cpuNs(gw.pid) - before) / 1000 / r.sent };
  };

  // Warm-up: the JIT, the pools, the balancers' state, in both gateways.
  for (let pass = 0; pass < 2; pass++)
    for (const g of [0, 1]) {
      for (const p of ['/plain', '/plain2', '/advanced', '/second']) await measure(p, 8, REQUESTS, undefined, g);
      await measure('/failover', 8, REQUESTS, '429@m-first', g);
    }

  const how = PAIRING === 'swap' ? 'two rounds, both routes at once on the two gateways, then swapped' : 'each gateway serving the two routes in turn, ABBA, both gateways at once in opposite order';
  console.log(`\n1. CPU per request of the gateway: ${BLOCKS} blocks, each a test pair (advanced vs plain) and an A/A control pair (plain2 vs plain); pairing ${PAIRING}: ${how}; ${REQUESTS} requests per run, 4 connections`);
  /**
   * One paired ratio a/b and each side's CPU per request, by PAIRING:
   * - `process`: each gateway serves a, b, b, a (ABBA: a linear drift in the machine's load
   *   cancels) and its ratio is its own a/b, so the process's own speed cancels exactly; the two
   *   gateways run at once in opposite order (b, a, a, b), and the pair's ratio is the geometric
   *   mean of theirs;
   * - `swap`: two rounds, `a` and `b` served at once by the two gateways, then swapped; the
   *   geometric mean of the two rounds' a/b (each process's speed cancels across the swap).
   */
  const pair = async (a: string, b: string) => {
    const run = (g: number, path: string) => measure(path, 4, REQUESTS, undefined, g);
    if (PAIRING === 'swap') {
      const [a0, b1] = await Promise.all([run(0, a), run(1, b)]);
      const [b0, a1] = await Promise.all([run(0, b), run(1, a)]);
      return { ratio: pairRatio(a0.cpuUs / b1.cpuUs, a1.cpuUs / b0.cpuUs), a: [a0, a1], b: [b0, b1] };
    }
    const abba = async (g: number, order: readonly string[]) => {
      const got: Measured[] = [];
      for (const path of order) got.push(await run(g, path));
      const as = got.filter((_, i) => order[i] === a);
      const bs = got.filter((_, i) => order[i] === b);
      const sum = (ms: Measured[]) => ms.reduce((n, m) => n + m.cpuUs, 0);
      return { ratio: sum(as) / sum(bs), as, bs };
    };
    const [g0, g1] = await Promise.all([abba(0, [a, b, b, a]), abba(1, [b, a, a, b])]);
    return { ratio: pairRatio(g0.ratio, g1.ratio), a: [...g0.as, ...g1.as], b: [...g0.bs, ...g1.bs] };
  };
  const test: number[] = [];
  const control: number[] = [];
  const cpu = { plain: [] as number[], plain2: [] as number[], advanced: [] as number[] };
  for (let k = 0; k < BLOCKS; k++) {
    const runTest = () => pair('/advanced', '/plain');
    const runControl = () => pair('/plain2', '/plain');
    let t: Awaited<ReturnType<typeof pair>>;
    let c: Awaited<ReturnType<typeof pair>>;
    if (k % 2 === 0) {
      t = await runTest();
      c = await runControl();
    } else {
      c = await runControl();
      t = await runTest();
    }
    test.push(t.ratio);
    control.push(c.ratio);
    cpu.advanced.push(...t.a.map((m) => m.cpuUs));
    cpu.plain.push(...t.b.map((m) => m.cpuUs), ...c.b.map((m) => m.cpuUs));
    cpu.plain2.push(...c.a.map((m) => m.cpuUs));
    console.log(`  block ${String(k + 1).padStart(2)}: advanced/plain ${x(t.ratio)}  plain2/plain (A/A) ${x(c.ratio)}  ${load()}`);
  }
  const us = (xs: number[]) => `${median(xs).toFixed(1)} µs`;
  console.log(`  CPU per request (medians of rounds): ai-proxy ${us(cpu.plain)}, the identical second ai-proxy route ${us(cpu.plain2)}, ai-proxy-advanced (round-robin, 3 targets) ${us(cpu.advanced)}`);
  const t = medianInterval(test, 4000, 1);
  const c = medianInterval(control, 4000, 2);
  const d = medianInterval(test.map((r, i) => r / control[i]!), 4000, 3);
  console.log(`  advanced/plain:          ${formatRatio(t)}`);
  console.log(`  A/A control plain2/plain: ${formatRatio(c)}  (the noise floor of this run)`);
  console.log(`  advanced/plain ÷ control, paired by block: ${formatRatio(d)}`);
  console.log(
    `  goal ≤ ${GOAL}×: ${t.high <= GOAL ? `held — the interval's upper end ${x(t.high)} is ≤ ${GOAL}×` : `not shown — the interval's upper end ${x(t.high)} is above ${GOAL}×`}; ${load()}`,
  );

  const sequential = Math.max(200, Math.round(REQUESTS / 3));
  console.log(`\n2. failover latency: the first target answers 429 at once, the second serves (${sequential} requests per run, one at a time, ${ROUNDS} rounds)`);
  const second: Measured[] = [];
  const failover: Measured[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2 === 0) {
      second.push(await measure('/second', 1, sequential, '429@m-first'));
      failover.push(await measure('/failover', 1, sequential, '429@m-first'));
    } else {
      failover.push(await measure('/failover', 1, sequential, '429@m-first'));
      second.push(await measure('/second', 1, sequential, '429@m-first'));
    }
  }
  const lat = (m: Measured[]) => `p50 ${ms(median(m.map((v) => v.p50)))} p99 ${ms(median(m.map((v) => v.p99)))} ms`;
  const cpuOf = (m: Measured[]) => `${median(m.map((v) => v.cpuUs)).toFixed(1)} µs`;
  console.log(`  second target alone: ${lat(second)}, ${cpuOf(second)} per request | 429 then second: ${lat(failover)}, ${cpuOf(failover)} per request`);
  console.log(
    `  added by the failover: p50 ${ms(median(failover.map((f, i) => f.p50 - second[i]!.p50)))} ms, p99 ${ms(median(failover.map((f, i) => f.p99 - second[i]!.p99)))} ms (goal p50 ≤ 2 ms); CPU ${x(median(failover.map((f, i) => f.cpuUs / second[i]!.cpuUs)))}; ${load()}`,
  );
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
