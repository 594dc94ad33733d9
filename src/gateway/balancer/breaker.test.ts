// The circuit breaker as Kong documents it (kong-ai-plugins.md §1.6), with a fake clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBalancer } from './index.js';
import type { Balancer } from './types.js';
import { config, FAIL, NONE, OK, request, targets } from './fixtures.test-helper.js';

/** One attempt on `index` at `now` (pick is not used: the outcome is what matters). */
function attempt(b: Balancer, index: number, ok: boolean, now: number): void {
  b.begin(index);
  b.end(index, ok ? OK : FAIL, now);
}

/** Which targets `n` picks at `now` reach. */
function reached(b: Balancer, now: number, n = 10): Set<number> {
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const p = b.pick(request(), NONE, now);
    if (p) {
      seen.add(p.index);
      b.begin(p.index);
      b.end(p.index, OK, now); // a healthy answer (does not reset an ejected target before fail_timeout)
    }
  }
  return seen;
}

test('max_fails 0 (the default) never ejects', () => {
  const b = createBalancer(config({ max_fails: 0 }), targets(1, 1));
  for (let i = 0; i < 100; i++) attempt(b, 0, false, i);
  assert.deepEqual([...reached(b, 200)].sort(), [0, 1]);
  assert.equal(b.state(200)[0]!.health, 'healthy');
});

test('ejects at max_fails, skips the target (named in pick.ejected), and answers null when all are ejected', () => {
  const b = createBalancer(config({ max_fails: 3, fail_timeout: 10_000 }), targets(1, 1, 1));
  attempt(b, 0, false, 0);
  attempt(b, 0, false, 1);
  assert.deepEqual([...reached(b, 2, 3)].sort(), [0, 1, 2], 'two failures: still in');
  attempt(b, 0, false, 3);
  const s = b.state(4)[0]!;
  assert.deepEqual([s.fails, s.ejectedUntilMs, s.health], [3, 10_003, 'ejected']);
  const p = b.pick(request(), NONE, 4)!;
  assert.deepEqual(p.ejected, [0]);
  assert.deepEqual([...reached(b, 5, 50)].sort(), [1, 2]);
  for (const i of [1, 2]) for (let k = 0; k < 3; k++) attempt(b, i, false, 6);
  assert.equal(b.pick(request(), NONE, 7), null, 'every target ejected: no target (the proxy answers 500)');
  assert.equal(b.preview(request(), NONE, 7), null);
});

test('the count is total, not consecutive: 2 failures, a success, 1 failure ejects at max_fails 3', () => {
  const b = createBalancer(config({ max_fails: 3, fail_timeout: 10_000 }), targets(1, 1));
  attempt(b, 0, false, 0);
  attempt(b, 0, false, 100);
  attempt(b, 0, true, 200); // inside fail_timeout of the last failure: no reset
  assert.equal(b.state(200)[0]!.fails, 2);
  attempt(b, 0, false, 300);
  assert.equal(b.state(300)[0]!.health, 'ejected');
});

test('reset only on a success fail_timeout or more after the last failure', () => {
  const b = createBalancer(config({ max_fails: 3, fail_timeout: 1000 }), targets(1, 1));
  attempt(b, 0, false, 0);
  attempt(b, 0, false, 500);
  attempt(b, 0, true, 1499); // 999 ms after the last failure
  assert.equal(b.state(1499)[0]!.fails, 2);
  attempt(b, 0, true, 1500); // 1000 ms after: reset
  assert.equal(b.state(1500)[0]!.fails, 0);
  attempt(b, 0, false, 1600);
  attempt(b, 0, false, 1700);
  assert.equal(b.state(1700)[0]!.health, 'healthy', 'after the reset, two failures are two, not four');
});

test('half-open after fail_timeout: exactly one probe; a failed probe ejects again, a successful one restores', () => {
  const b = createBalancer(config({ max_fails: 2, fail_timeout: 1000 }), targets(1, 1));
  attempt(b, 0, false, 0);
  attempt(b, 0, false, 10); // ejected until 1010
  assert.ok(!reached(b, 1009, 20).has(0), 'ejected for fail_timeout');
  assert.equal(b.state(1010)[0]!.health, 'half-open');

  // Half-open: the first pick that reaches target 0 is the probe; while it runs, no other pick goes there.
  const picks: number[] = [];
  let probe = -1;
  for (let i = 0; i < 10; i++) {
    const p = b.pick(request(), NONE, 1010)!;
    picks.push(p.index);
    if (p.index === 0) probe = i;
    else if (probe >= 0) assert.deepEqual(p.ejected, [0], 'with the probe under way, target 0 is excluded');
  }
  assert.equal(picks.filter((x) => x === 0).length, 1, `one probe: ${picks}`);
  b.begin(0);
  b.end(0, { ok: false, e2eMs: 1 }, 1020); // the probe fails: ejected again until 2020
  assert.equal(b.state(1020)[0]!.health, 'ejected');
  assert.equal(b.state(1020)[0]!.ejectedUntilMs, 2020);
  assert.ok(!reached(b, 2019, 20).has(0));

  const probe2 = (() => {
    for (let i = 0; i < 4; i++) {
      const p = b.pick(request(), NONE, 2020)!;
      if (p.index === 0) return p;
    }
    return null;
  })();
  assert.ok(probe2, 'a second probe after another fail_timeout');
  b.begin(0);
  b.end(0, OK, 2100); // success ≥ fail_timeout after the last failure (1020): healthy, count reset
  const s = b.state(2100)[0]!;
  assert.deepEqual([s.health, s.fails, s.ejectedUntilMs], ['healthy', 0, null]);
  assert.ok(reached(b, 2101, 4).has(0));
});

test('preview never claims the half-open probe', () => {
  const b = createBalancer(config({ max_fails: 1, fail_timeout: 100 }), targets(1));
  attempt(b, 0, false, 0);
  for (let i = 0; i < 5; i++) assert.equal(b.preview(request(), NONE, 100)!.index, 0);
  assert.equal(b.pick(request(), NONE, 100)!.index, 0, 'the probe is still free for a real pick');
  assert.equal(b.pick(request(), NONE, 100), null, 'and then taken');
});

test('a probe claimed but never ended frees up after another fail_timeout', () => {
  const b = createBalancer(config({ max_fails: 1, fail_timeout: 100 }), targets(1));
  attempt(b, 0, false, 0);
  assert.equal(b.pick(request(), NONE, 100)!.index, 0);
  assert.equal(b.pick(request(), NONE, 199), null);
  assert.equal(b.pick(request(), NONE, 200)!.index, 0);
});

test('a failure reported while ejected (an attempt started before) extends the ejection', () => {
  const b = createBalancer(config({ max_fails: 1, fail_timeout: 1000 }), targets(1, 1));
  b.begin(0);
  b.begin(0);
  b.end(0, FAIL, 0); // ejected until 1000
  b.end(0, FAIL, 500); // the other attempt, also failed: until 1500
  assert.equal(b.state(500)[0]!.ejectedUntilMs, 1500);
  assert.equal(b.state(500)[0]!.inFlight, 0);
});

test('a probe picked but not sent (release) frees the half-open target at once, counting nothing', () => {
  const b = createBalancer(config({ max_fails: 1, fail_timeout: 100 }), targets(1));
  attempt(b, 0, false, 0); // ejected until 100
  assert.equal(b.pick(request(), NONE, 100)!.index, 0, 'the probe is claimed');
  assert.equal(b.pick(request(), NONE, 101), null, 'claimed: no other pick');
  b.release(0); // the proxy could not send the request there (its driver refused it)
  const s = b.state(102)[0]!;
  assert.deepEqual([s.health, s.fails, s.inFlight], ['half-open', 1, 0], 'nothing counted');
  assert.equal(b.pick(request(), NONE, 102)!.index, 0, 'the next request probes, well before another fail_timeout');
  b.begin(0);
  b.end(0, OK, 103);
  assert.equal(b.state(103)[0]!.health, 'healthy');
});
