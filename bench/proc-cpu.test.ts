import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pairedRatioOf, ratioOf } from './proc-cpu.js';

test('pairedRatioOf cancels an alternating order effect that ratioOf reports as a slowdown', () => {
  // Same speed, but whichever runs second is 1.4× slower: rounds alternate 1.4 and 1/1.4; five rounds split 3:2.
  const b = [1, 1, 1, 1, 1];
  const a = [1.4, 1 / 1.4, 1.4, 1 / 1.4, 1.4];
  assert.ok(ratioOf(a, b).med > 1.3, 'the per-round median lands on the larger group');
  const p = pairedRatioOf(a, b);
  assert.ok(Math.abs(p.med - 1) < 1e-9, `paired: ${p.text}`);
  assert.match(p.text, /2 order-balanced pairs/);
});

test('pairedRatioOf keeps a real difference', () => {
  const p = pairedRatioOf([1.2, 1.2, 1.2, 1.2], [1, 1, 1, 1]);
  assert.ok(Math.abs(p.med - 1.2) < 1e-9);
  assert.equal(pairedRatioOf([2], [1]).med, 2, 'one round: the plain ratio');
});
