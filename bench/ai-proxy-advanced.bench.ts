// ai-proxy-advanced benchmark, side by side in one run: bin/ai-gateway processes (one worker
// each, the same configuration) in front of one bin/mock-llm (OpenAI chat), load from
// bench/gateway-load.ts processes:
//   1. CPU per request of the gateway: plain ai-proxy vs ai-proxy-advanced (round-robin, three
//      healthy targets). Two gateways serve the two routes at the same time, the same number of
//      requests each over 4 connections (two load processes), and swap routes every round, so
//      the machine's load and each process's own state weigh on both alike; ratio
//      advanced/plain (goal ≤ 1.05×). CPU is the gateway process's, every thread, in ns
//      (/proc/PID/task/*/schedstat): a figure a loaded machine disturbs little, unlike req/s;
//   2. failover latency: the first target answers 429 at once (priority: it is always tried
//      first; failover_criteria http_429 + non_idempotent) and the second serves, vs the same
//      request sent to a route whose only target is that second one; one connection, requests
//      one after the other; p50/p99 of each and the difference (goal: ≤ 2 ms over the second
//      target's own latency).
// Every figure is measured in ROUNDS rounds, the compared routes back to back within a round;
// the medians over rounds are printed (ratios and differences: the median of each round's),
// with the load average. BENCH_REQUESTS (default 3000) and BENCH_ROUNDS (default 5) scale it.
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { StartedProcess } from '../src/testing/tgi/index.js';
import { ROOT, startGatewayProcess, tempFile } from '../src/gateway/test/harness.js';
import { startMockLlm } from '../src/gateway/test/mock-llm-process.js';
import type { LoadJob, LoadResult } from './gateway-load.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BODY = JSON.stringify({ messages: [{ role: 'user', content: 'What is deep learning?' }], max_tokens: 8 });
const procs: StartedProcess[] = [];
const loaders: ChildProcess[] = [];

function config(up: string): string {
  const target = (model: string, weight = 100) => `{ route_type: llm/v1/chat, weight: ${weight}, model: { provider: openai, name: ${model}, options: { upstream_url: "${up}/v1/chat/completions" } } }`;
  const advanced = (name: string, targets: string[], balancer: string) => `      - name: ${name}
        paths: [/${name}]
        plugins:
          - name: ai-proxy-advanced
            config:
              targets: [${targets.join(', ')}]
              balancer: ${balancer}`;
  return `_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:1
    routes:
      - name: plain
        paths: [/plain]
        plugins:
          - name: ai-proxy
            config: { route_type: llm/v1/chat, model: { provider: openai, name: m-plain, options: { upstream_url: "${up}/v1/chat/completions" } } }
${advanced('advanced', [target('m-a'), target('m-b'), target('m-c')], '{ algorithm: round-robin }')}
${advanced('failover', [target('m-first', 100), target('m-second', 50)], '{ algorithm: priority, failover_criteria: [http_429, non_idempotent] }')}
${advanced('second', [target('m-second')], '{ algorithm: priority, failover_criteria: [http_429, non_idempotent] }')}
`;
}

/** CPU time (ns) every thread of a process has run so far (/proc/PID/task/TID/schedstat, first field). */
function cpuNs(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // a thread that ended meanwhile
    }
  }
  return ns;
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

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const ms = (n: number) => n.toFixed(2);
const x = (n: number) => `${n.toFixed(3)}×`;
const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;

async function main() {
  console.log(`ai-proxy-advanced benchmark: node ${process.version}, ${cpus().length} cores, median of ${ROUNDS} rounds, ${load()}`);
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
  for (const g of [0, 1]) {
    for (const p of ['/plain', '/advanced', '/second']) await measure(p, 8, REQUESTS, undefined, g);
    await measure('/failover', 8, REQUESTS, '429@m-first', g);
  }

  console.log(`\n1. CPU per request of the gateway, ${REQUESTS} requests per route and round, both routes at once (4 connections each, two gateways swapping routes every round)`);
  const plain: Measured[] = [];
  const adv: Measured[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const [p, a] = await Promise.all([measure('/plain', 4, REQUESTS, undefined, r % 2), measure('/advanced', 4, REQUESTS, undefined, 1 - (r % 2))]);
    plain.push(p);
    adv.push(a);
  }
  const cpu = (m: Measured[]) => `${median(m.map((v) => v.cpuUs)).toFixed(1)} µs`;
  const lat = (m: Measured[]) => `p50 ${ms(median(m.map((v) => v.p50)))} p99 ${ms(median(m.map((v) => v.p99)))} ms`;
  console.log(`  ai-proxy: ${cpu(plain)} per request, ${lat(plain)} | ai-proxy-advanced (round-robin, 3 targets): ${cpu(adv)} per request, ${lat(adv)}`);
  // A round's ratio mixes the route's cost with the two processes' (gateway A serves the advanced
  // route in even rounds, B in odd ones): the geometric mean over rounds cancels the process
  // factor, which is why the rounds alternate.
  const ratios = adv.map((a, i) => a.cpuUs / plain[i]!.cpuUs);
  const geomean = Math.exp(ratios.reduce((n, r) => n + Math.log(r), 0) / ratios.length);
  console.log(`  advanced/plain CPU per request: ${x(geomean)} (geometric mean of rounds; goal ≤ 1.05×); rounds in order ${ratios.map((r) => r.toFixed(3)).join(', ')}; ${load()}`);

  const sequential = Math.max(200, Math.round(REQUESTS / 3));
  console.log(`\n2. failover latency: the first target answers 429 at once, the second serves (${sequential} requests per run, one at a time)`);
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
  console.log(`  second target alone: ${lat(second)}, ${cpu(second)} per request | 429 then second: ${lat(failover)}, ${cpu(failover)} per request`);
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
