import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBalancer } from './index.js';
import { config, FAIL, NONE, request, run, targets, withinFivePercent } from './fixtures.test-helper.js';

const prio = (over = {}) => config({ algorithm: 'priority', ...over });

test('priority: the highest-weight group takes every pick, in turn within the group (±5% over 10,000)', () => {
  const b = createBalancer(prio(), targets(70, 25, 70));
  const counts = run(b, 10_000);
  assert.equal(counts[1], 0, 'group 2 gets nothing while group 1 is available');
  assert.ok(withinFivePercent([counts[0]!, counts[2]!], [1, 1]), JSON.stringify(counts));
  assert.equal(b.pick(request(), NONE, 0)!.reason, 'priority: group 1 of 2 (weight 70), 2 targets');
});

test('priority: falls to the next group when the group is tried, and further down in order', () => {
  const b = createBalancer(prio(), targets(10, 100, 50, 100, 50));
  assert.ok([1, 3].includes(b.pick(request(), NONE, 0)!.index));
  assert.equal(b.pick(request(), new Set([1]), 0)!.index, 3);
  const fell = b.pick(request(), new Set([1, 3]), 0)!;
  assert.ok([2, 4].includes(fell.index));
  assert.equal(fell.reason, 'priority: group 2 of 3 (weight 50), 2 targets; higher groups tried or ejected');
  assert.equal(b.pick(request(), new Set([1, 3, 2]), 0)!.index, 4);
  assert.equal(b.pick(request(), new Set([1, 3, 2, 4]), 0)!.index, 0);
  assert.equal(b.pick(request(), new Set([0, 1, 2, 3, 4]), 0), null);
  const counts = [0, 0, 0, 0, 0];
  for (let i = 0; i < 1000; i++) counts[b.pick(request(), new Set([1, 3]), i)!.index]!++;
  assert.deepEqual(counts, [0, 0, 500, 0, 500], 'within the fallen-to group, in turn');
});

test('priority: an ejected group sends traffic down until it is healthy again', () => {
  const b = createBalancer(prio({ max_fails: 1, fail_timeout: 1000 }), targets(70, 70, 25));
  for (const i of [0, 1]) {
    b.begin(i);
    b.end(i, FAIL, 0);
  }
  const during = run(b, 100, undefined, (i) => 10 + i);
  assert.deepEqual(during, [0, 0, 100]);
  const p = b.pick(request(), NONE, 1000)!;
  assert.ok([0, 1].includes(p.index), 'half-open after fail_timeout: group 1 is tried again first');
});
