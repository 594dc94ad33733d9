import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBalancer } from './index.js';
import type { Balancer, BalancerTarget } from './types.js';
import { config, NONE, request, shares, targets, withinFivePercent } from './fixtures.test-helper.js';

const ch = (hash_on_header = 'X-User') => config({ algorithm: 'consistent-hashing', hash_on_header });
const KEYS = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);
const route = (b: Balancer, tried: ReadonlySet<number> = NONE) => KEYS.map((k) => b.pick(request({ 'x-user': k }), tried, 0)!.index);
const count = (indexes: number[], n: number) => indexes.reduce((c, i) => (c[i]!++, c), new Array<number>(n).fill(0));

test('consistent-hashing: the same key goes to the same target, across picks and balancer instances', () => {
  const a = route(createBalancer(ch(), targets(1, 1, 1)));
  const b = createBalancer(ch(), targets(1, 1, 1));
  assert.deepEqual(route(b), a);
  assert.deepEqual(route(b), a, 'and again on the same balancer (no rotation state)');
});

test('consistent-hashing: keys spread by weight (±5% over 10,000 keys)', () => {
  assert.ok(withinFivePercent(count(route(createBalancer(ch(), targets(1, 1, 1))), 3), [1, 1, 1]));
  const weighted = count(route(createBalancer(ch(), targets(70, 25, 5))), 3);
  assert.ok(withinFivePercent(weighted, [70, 25, 5]), `${weighted} → ${shares(weighted)}`);
});

test('consistent-hashing: when one of N targets leaves (tried or ejected), only its keys move; when it returns they come back', () => {
  for (const n of [3, 5]) {
    const b = createBalancer(ch(), targets(...new Array<number>(n).fill(100)));
    const before = route(b);
    const gone = route(b, new Set([1]));
    let moved = 0;
    before.forEach((t, i) => {
      if (t === 1) assert.notEqual(gone[i], 1);
      else assert.equal(gone[i], t, `key ${KEYS[i]} held by ${t} must not move`);
      if (gone[i] !== t) moved++;
    });
    assert.ok(Math.abs(moved / KEYS.length - 1 / n) < 0.05, `${n} targets: ${moved} keys moved (~1/${n})`);
    const moves = count(gone.filter((_, i) => before[i] === 1), n);
    for (let t = 0; t < n; t++) if (t !== 1) assert.ok(moves[t]! > 0, `the leaving target's keys spread over the others: ${moves}`);
    assert.deepEqual(route(b), before, 'back: every key returns');
  }
  const ejecting = createBalancer(config({ algorithm: 'consistent-hashing', hash_on_header: 'X-User', max_fails: 1, fail_timeout: 1000 }), targets(1, 1, 1));
  const before = route(ejecting);
  ejecting.begin(1);
  ejecting.end(1, { ok: false, e2eMs: 1 }, 0);
  assert.deepEqual(route(ejecting), route(ejecting, new Set([1])), 'ejected by the circuit breaker: the same moves as tried');
  assert.notDeepEqual(route(ejecting), before);
});

test('consistent-hashing: removing a target from config moves only its keys (identity is provider/model, not position)', () => {
  const all: BalancerTarget[] = [
    { index: 0, weight: 100, label: 'openai/gpt-4o' },
    { index: 1, weight: 100, label: 'anthropic/claude' },
    { index: 2, weight: 100, label: 'mistral/large' },
  ];
  const before = route(createBalancer(ch(), all));
  const after = route(createBalancer(ch(), [all[0]!, { ...all[2]!, index: 1 }]));
  before.forEach((t, i) => {
    if (t === 0) assert.equal(after[i], 0);
    if (t === 2) assert.equal(after[i], 1, 'mistral, now at position 1, keeps its keys');
  });
});

test('consistent-hashing: header names are case-insensitive; absent or empty → the request id; the reason shows a hash, never the value', () => {
  const b = createBalancer(ch('X-Session-Id'), targets(1, 1, 1));
  const p = b.pick(request({ 'x-session-id': 'secret-session-value' }, 'r1'), NONE, 0)!;
  assert.match(p.reason, /^consistent-hashing: X-Session-Id hash [0-9a-f]{8} → weight 1 \(3 targets\)$/);
  assert.ok(!p.reason.includes('secret-session-value'));
  const byId = KEYS.map((k) => b.pick(request({}, k), NONE, 0)!.index);
  assert.deepEqual(KEYS.map((k) => b.pick(request({ 'x-session-id': '' }, k), NONE, 0)!.index), byId);
  assert.ok(withinFivePercent(count(byId, 3), [1, 1, 1]), 'request ids spread like random picks');
  assert.match(b.pick(request({}, 'r2'), NONE, 0)!.reason, /^consistent-hashing: X-Session-Id absent, request id hash [0-9a-f]{8}/);
  const same = KEYS.slice(0, 100).map((k) => b.pick(request({ 'X-SESSION-ID': k }, 'a'), NONE, 0)!.index);
  assert.deepEqual(same, KEYS.slice(0, 100).map((k) => b.pick(request({ 'x-session-id': k }, 'b'), NONE, 0)!.index));
});
