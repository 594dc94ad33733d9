import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSafeError } from '../../common/index.js';
import { createBalancer } from './index.js';
import { config, NONE, request, run, targets, withinFivePercent } from './fixtures.test-helper.js';

test('round-robin honours weights 70/25/5 over 10,000 picks (exactly, and well within ±5%)', () => {
  const b = createBalancer(config(), targets(70, 25, 5));
  const counts = run(b, 10_000);
  assert.deepEqual(counts, [7000, 2500, 500]);
  assert.ok(withinFivePercent(counts, [70, 25, 5]));
  const odd = run(createBalancer(config(), targets(3, 1, 1, 7, 65535)), 10_000);
  const total = 3 + 1 + 1 + 7 + 65535;
  odd.forEach((c, i) => assert.ok(Math.abs(c / 10_000 - [3, 1, 1, 7, 65535][i]! / total) < 0.001, `target ${i}: ${c}`));
});

test('round-robin is smooth: no burst of one target beyond its share', () => {
  const b = createBalancer(config(), targets(70, 25, 5));
  const seq: number[] = [];
  for (let i = 0; i < 1000; i++) seq.push(b.pick(request(), NONE, i)!.index);
  let run1 = 0;
  let longest = 0;
  for (const x of seq) {
    run1 = x === 0 ? run1 + 1 : 0;
    longest = Math.max(longest, run1);
  }
  assert.ok(longest <= 4, `longest run of the 70-weight target: ${longest}`); // 70:30 → at most ⌈70/30⌉+1
  for (let i = 0; i + 20 <= seq.length; i += 20) {
    const window = seq.slice(i, i + 20);
    assert.ok(window.filter((x) => x === 1).length >= 4, `every 20 picks give the 25-weight target its ~5 (window at ${i})`);
  }
  const equal = createBalancer(config(), targets(100, 100, 100));
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((i) => equal.pick(request(), NONE, i)!.index), [0, 1, 2, 0, 1, 2]);
});

test('tried targets are skipped, the rest keep their weights; null once all are tried', () => {
  const b = createBalancer(config(), targets(70, 25, 5));
  const counts = [0, 0, 0];
  for (let i = 0; i < 3000; i++) counts[b.pick(request(), new Set([0]), i)!.index]!++;
  assert.equal(counts[0], 0);
  assert.ok(Math.abs(counts[1]! / 3000 - 25 / 30) < 0.01 && Math.abs(counts[2]! / 3000 - 5 / 30) < 0.01, JSON.stringify(counts));
  assert.equal(b.pick(request(), new Set([0, 1]), 0)!.index, 2);
  assert.equal(b.pick(request(), new Set([0, 1, 2]), 0), null);
});

test('a pick says why (weights) and preview changes nothing', () => {
  const b = createBalancer(config(), targets(70, 25, 5));
  const json = (p: unknown) => JSON.parse(JSON.stringify(p));
  const first = json(b.preview(request(), NONE, 0));
  assert.deepEqual(first, { index: 0, reason: 'round-robin: weight 70 of 100 (3 targets)', ejected: [] });
  assert.deepEqual(json(b.preview(request(), NONE, 0)), first, 'preview twice: same answer');
  assert.deepEqual(json(b.pick(request(), NONE, 0)), first, 'the pick preview announced');
  assert.deepEqual(json(b.pick(request(), NONE, 0)), { index: 1, reason: 'round-robin: weight 25 of 100 (3 targets)', ejected: [] });
  const fresh = createBalancer(config(), targets(70, 25, 5));
  assert.equal(fresh.pick(request(), new Set([0]), 1)!.reason, 'round-robin: weight 25 of 30 (2 of 3 targets available)');
});

test('indexes are config.targets positions, even when the balancer holds only some of them', () => {
  const b = createBalancer(config(), [
    { index: 2, weight: 1, label: 'a/x' },
    { index: 5, weight: 1, label: 'b/y' },
  ]);
  assert.deepEqual([0, 1, 2].map((i) => b.pick(request(), NONE, i)!.index), [2, 5, 2]);
  assert.equal(b.pick(request(), new Set([2]), 3)!.index, 5);
  b.begin(5);
  assert.equal(b.state(0).find((s) => s.index === 5)!.inFlight, 1);
  assert.throws(() => b.begin(3), (e: Error) => isSafeError(e) && /no target at index 3/.test(e.message));
});

test('configurations it cannot run are SafeErrors naming the setting', () => {
  assert.throws(() => createBalancer(config(), []), (e: Error) => isSafeError(e) && e.message.includes('config.targets is empty'));
  assert.throws(() => createBalancer(config(), [{ index: 0, weight: 0, label: 'x' }]), (e: Error) => isSafeError(e) && e.message.includes('config.targets[0].weight'));
  assert.throws(
    () => createBalancer(config({ algorithm: 'semantic' }), targets(1)),
    (e: Error) => isSafeError(e) && e.message.startsWith('config.balancer.algorithm semantic needs a vector store (config.vectordb)') && e.message.includes('use round-robin'),
  );
  assert.throws(
    () => createBalancer(config({ algorithm: 'lowest-usage', tokens_count_strategy: 'llm-accuracy' }), targets(1)),
    (e: Error) => isSafeError(e) && e.message.startsWith('config.balancer.tokens_count_strategy llm-accuracy') && e.message.includes('use total-tokens'),
  );
  assert.ok(createBalancer(config({ tokens_count_strategy: 'llm-accuracy' }), targets(1)), 'the strategy only matters to lowest-usage');
});
