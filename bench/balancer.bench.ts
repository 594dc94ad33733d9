// ai-proxy-advanced's balancer cost per attempt: pick + begin + end, per algorithm, 3 targets,
// side by side with a trivial baseline (an array index incremented in the same loop),
// interleaved so drift and GC land on both. Each algorithm runs in its own process (as a
// gateway with one ai-proxy-advanced instance would; in one process the shared call sites see
// every algorithm and slow each other down), one after the other. Prints ns per attempt and the
// ratio to the baseline, without and with the pick's reason read (it is formatted only when
// read: explain, a debug log). The issue's goal (balancer overhead ≤ 5% CPU per request over plain ai-proxy) is
// measured end to end by the proxy's bench; these figures are the balancer's share of it.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createBalancer, type AttemptOutcome, type Balancer, type BalancerAlgorithm, type BalancerConfig, type PickInput } from '../src/gateway/balancer/index.js';

const BATCH = Number(process.env.BENCH_BATCH ?? 20_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 40);

const config = (algorithm: BalancerAlgorithm, over: Partial<BalancerConfig> = {}): BalancerConfig => ({
  algorithm,
  retries: 5,
  failover_criteria: ['error', 'timeout'],
  connect_timeout: 60000,
  write_timeout: 60000,
  read_timeout: 60000,
  hash_on_header: 'X-User',
  latency_strategy: 'tpot',
  tokens_count_strategy: 'total-tokens',
  slots: 10000,
  max_fails: 0,
  fail_timeout: 10000,
  ...over,
});
const targets = [70, 25, 5].map((weight, index) => ({ index, weight, label: `openai/model-${index}` }));

// 1024 distinct requests (consistent-hashing hashes each one's header).
const inputs: PickInput[] = Array.from({ length: 1024 }, (_, i) => {
  const user = `user-${i * 7919}`;
  return { header: (name: string) => (name === 'x-user' ? user : undefined), requestId: `req-${i}` };
});
const outcomes: AttemptOutcome[] = [
  { ok: true, e2eMs: 800, promptTokens: 120, completionTokens: 80, cost: 0.0004 },
  { ok: true, e2eMs: 1200, promptTokens: 90, completionTokens: 110, cost: 0.0003 },
  { ok: true, e2eMs: 2000, promptTokens: 100, completionTokens: 100, cost: 0.0001 },
];
const NONE: ReadonlySet<number> = new Set();

const CASES: { name: string; make: () => Balancer }[] = [
  ...(['round-robin', 'priority', 'lowest-latency', 'lowest-usage', 'consistent-hashing', 'least-connections'] as const).map((a) => ({
    name: a,
    make: () => createBalancer(config(a), targets, () => 0),
  })),
  { name: 'round-robin + circuit breaker', make: () => createBalancer(config('round-robin', { max_fails: 3 }), targets, () => 0) },
];

const only = process.env.BENCH_ONLY;
if (only === undefined) {
  // The parent: one child process per case, in turn.
  console.log(`balancer: pick + begin + end, 3 targets (70/25/5), ${SAMPLES} samples of ${BATCH} interleaved with the baseline; medians`);
  console.log(`  ${'case'.padEnd(30)} ${'baseline'.padEnd(9)} ${'reason not read'.padEnd(17)} reason read`);
  for (const c of CASES) {
    const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], { env: { ...process.env, BENCH_ONLY: c.name }, encoding: 'utf8' });
    process.stdout.write(out);
  }
  process.exit(0);
}
const cases = CASES.filter((c) => c.name === only).map((c) => ({ name: c.name, balancer: c.make() }));

let sink = 0;
let clock = 0;

function sampleBalancer(b: Balancer, readReason: boolean): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < BATCH; i++) {
    const now = ++clock;
    const p = b.pick(inputs[i & 1023]!, NONE, now)!;
    b.begin(p.index);
    b.end(p.index, outcomes[p.index]!, now);
    sink += readReason ? p.index + p.reason.length : p.index;
  }
  return Number(process.hrtime.bigint() - start) / BATCH;
}

const ring = [0, 1, 2];
let at = 0;
function sampleBaseline(): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < BATCH; i++) {
    ++clock;
    at = at === 2 ? 0 : at + 1;
    sink += ring[at]! + (inputs[i & 1023]!.requestId.length & 1);
  }
  return Number(process.hrtime.bigint() - start) / BATCH;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

for (let i = 0; i < 20; i++) (sampleBaseline(), cases.forEach((c) => (sampleBalancer(c.balancer, false), sampleBalancer(c.balancer, true)))); // warm up
const base: number[] = [];
const plain = cases.map(() => [] as number[]);
const withReason = cases.map(() => [] as number[]);
for (let s = 0; s < SAMPLES; s++) {
  base.push(sampleBaseline());
  const order = s % 2 === 0 ? cases.map((_, i) => i) : cases.map((_, i) => cases.length - 1 - i);
  for (const i of order) {
    plain[i]!.push(sampleBalancer(cases[i]!.balancer, false));
    withReason[i]!.push(sampleBalancer(cases[i]!.balancer, true));
  }
}

const b = median(base);
const ns = (t: number) => `${t.toFixed(0).padStart(5)} ns ×${(t / b).toFixed(0).padEnd(5)}`;
cases.forEach((c, i) => console.log(`  ${c.name.padEnd(30)} ${`${b.toFixed(1)} ns`.padEnd(9)} ${ns(median(plain[i]!))}   ${ns(median(withReason[i]!))}`));
if (sink === 42) console.log(''); // keep the work observable
