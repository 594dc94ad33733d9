import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBalancer } from './index.js';
import { config, NONE, OK, request, run, targets, withinFivePercent } from './fixtures.test-helper.js';

const lc = () => config({ algorithm: 'least-connections' });

test('least-connections with equal load (requests that do not overlap): ties take turns by weight (±5% over 10,000)', () => {
  const counts = run(createBalancer(lc(), targets(70, 25, 5)), 10_000);
  assert.ok(withinFivePercent(counts, [70, 25, 5]), JSON.stringify(counts));
});

test('least-connections: in-flight per weight decides; lowest wins', () => {
  const b = createBalancer(lc(), targets(100, 100, 200));
  b.begin(0);
  b.begin(0);
  b.begin(2);
  // loads: 2/100, 0/100, 1/200 → target 1
  const p = b.pick(request(), NONE, 0)!;
  assert.equal(p.index, 1);
  assert.equal(p.reason, 'least-connections: 0 in flight / weight 100 (next 1 in flight / weight 200)');
  b.begin(1);
  b.begin(1);
  // loads: 2/100, 2/100, 1/200 → target 2
  assert.equal(b.pick(request(), NONE, 0)!.index, 2);
  assert.equal(b.state(0)[0]!.measure, 0.02);
  b.end(0, OK, 1);
  b.end(0, OK, 1);
  assert.equal(b.pick(request(), NONE, 1)!.index, 0);
});

test('least-connections: a slow target (its attempts last longer) gets fewer requests under steady concurrency', () => {
  const b = createBalancer(lc(), targets(1, 1, 1));
  const durations = [50, 10, 10];
  const open: { index: number; endsAt: number }[] = [];
  const counts = [0, 0, 0];
  for (let t = 0; t < 20_000; t++) {
    for (let k = open.length - 1; k >= 0; k--)
      if (open[k]!.endsAt <= t) {
        b.end(open[k]!.index, OK, t);
        open.splice(k, 1);
      }
    const p = b.pick(request(), NONE, t)!; // one new request per ms: ~23 in flight
    b.begin(p.index);
    open.push({ index: p.index, endsAt: t + durations[p.index]! });
    counts[p.index]!++;
  }
  assert.ok(counts[0]! < counts[1]! / 3, `the slow target takes far fewer: ${counts}`);
  assert.ok(counts[0]! > 0);
});

test('a reason read later tells the numbers of the moment of the pick (it is formatted lazily)', () => {
  const b = createBalancer(lc(), targets(100, 100));
  const p = b.pick(request(), NONE, 0)!;
  b.begin(p.index);
  b.begin(p.index);
  assert.equal(p.reason, 'least-connections: 0 in flight / weight 100 (next 0 in flight / weight 100), 2 tied: by turn');
  assert.equal(JSON.stringify(p), JSON.stringify({ index: p.index, reason: p.reason, ejected: [] }));
});
