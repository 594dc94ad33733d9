import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBalancer } from './index.js';
import { PROBE_EVERY } from './lowest-latency.js';
import type { AttemptOutcome, Balancer } from './types.js';
import { config, NONE, request, run, shares, targets } from './fixtures.test-helper.js';

const ll = (latency_strategy: 'tpot' | 'e2e' = 'e2e') => config({ algorithm: 'lowest-latency', latency_strategy });
const e2e = (ms: number, completionTokens?: number, ok = true): AttemptOutcome => ({ ok, e2eMs: ms, ...(completionTokens !== undefined ? { completionTokens } : {}) });

/** n sequential requests 10 ms apart starting at t0, latencies by target. */
const traffic = (b: Balancer, n: number, latency: (index: number) => AttemptOutcome, t0 = 0) => run(b, n, (i) => latency(i), (i) => t0 + i * 10);

test('lowest-latency: untried targets are tried first, one each', () => {
  const b = createBalancer(ll(), targets(1, 1, 1));
  const first = [0, 1, 2].map((i) => {
    const p = b.pick(request(), NONE, i)!;
    b.begin(p.index);
    b.end(p.index, e2e(100 * (p.index + 1)), i);
    return p;
  });
  assert.deepEqual(first.map((p) => p.index).sort(), [0, 1, 2]);
  assert.match(first[0]!.reason, /not measured yet, tried first/);
  assert.equal(b.pick(request(), NONE, 3)!.reason, 'lowest-latency: e2e 100.0 ms (next e2e 200.0 ms)');
});

test('lowest-latency: a slow target gets at most 5% once measured, and still more than 0 (probes)', () => {
  const b = createBalancer(ll(), targets(100, 100, 100));
  const counts = traffic(b, 10_000, (i) => e2e([100, 1000, 400][i]!));
  const s = shares(counts);
  assert.ok(s[0]! > 0.95, `fastest: ${s}`);
  for (const i of [1, 2]) assert.ok(s[i]! > 0 && s[i]! <= 0.05, `slower target ${i}: ${s}`);
  assert.ok(Math.abs(s[1]! + s[2]! - 1 / PROBE_EVERY) < 0.005, `probing share ~${100 / PROBE_EVERY}%: ${s}`);
});

test('lowest-latency: recovers — a slow target that gets faster wins the traffic back within ~25 s of probes (100 requests/s)', () => {
  const b = createBalancer(ll(), targets(100, 100));
  let fastB = false;
  traffic(b, 5000, (i) => e2e(i === 0 ? 100 : fastB ? 20 : 1000));
  assert.ok(b.state(50_000)[1]!.measure! > 500);
  fastB = true;
  traffic(b, 3000, (i) => e2e(i === 0 ? 100 : 20), 50_000); // 30 s
  const [a, bb] = b.state(80_000).map((s) => s.measure!);
  assert.ok(bb! < a!, `after 30 s B's average (${bb}) is below A's (${a})`);
  const late = traffic(b, 2000, (i) => e2e(i === 0 ? 100 : 20), 80_000);
  assert.ok(shares(late)[1]! > 0.95, `B now takes the traffic: ${late}`);
});

test('lowest-latency: peak — a target that slows down loses the traffic at once', () => {
  const b = createBalancer(ll(), targets(100, 100));
  traffic(b, 100, (i) => e2e(i === 0 ? 50 : 100));
  assert.equal(b.pick(request(), NONE, 1000)!.index, 0);
  b.begin(0);
  b.end(0, e2e(5000), 1001); // one very slow answer
  assert.equal(b.state(1001)[0]!.measure, 5000);
  const next = traffic(b, 20, (i) => e2e(i === 0 ? 5000 : 100), 1002);
  assert.ok(next[1]! >= 19, `the next 20 picks (one may be a probe): ${next}`);
});

test('lowest-latency: tpot divides by completion tokens; e2e does not', () => {
  // A: 2000 ms for 200 tokens (10 ms/token); B: 500 ms for 10 tokens (50 ms/token).
  const outcome = (i: number) => (i === 0 ? e2e(2000, 200) : e2e(500, 10));
  const tpot = shares(traffic(createBalancer(ll('tpot'), targets(1, 1)), 1000, outcome));
  const whole = shares(traffic(createBalancer(ll('e2e'), targets(1, 1)), 1000, outcome));
  assert.ok(tpot[0]! > 0.95, `tpot prefers A: ${tpot}`);
  assert.ok(whole[1]! > 0.95, `e2e prefers B: ${whole}`);
  const noTokens = createBalancer(ll('tpot'), targets(1));
  noTokens.begin(0);
  noTokens.end(0, e2e(300), 0);
  assert.equal(noTokens.state(0)[0]!.measure, 300, 'no completion tokens: the e2e time');
});

test('lowest-latency: a fast failure (e.g. 429 at once) is no speed — the failing target is avoided', () => {
  const b = createBalancer(ll(), targets(1, 1));
  const counts = traffic(b, 2000, (i) => (i === 0 ? e2e(2, undefined, false) : e2e(300)));
  assert.ok(shares(counts)[1]! > 0.95, `${counts}`);
});

test('lowest-latency: concurrent attempts spread (the average is scaled by attempts in flight)', () => {
  const b = createBalancer(ll(), targets(1, 1));
  traffic(b, 10, (i) => e2e(i === 0 ? 100 : 150));
  const open = [0, 1, 2].map(() => {
    const p = b.pick(request(), NONE, 200)!;
    b.begin(p.index);
    return p.index;
  });
  assert.deepEqual(open, [0, 1, 0], 'A (100 ms) with one in flight costs 200 > B (150) idle; then B with one costs 300 > A 200');
});
