import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBalancer } from './index.js';
import { USAGE_WINDOW_MS } from './lowest-usage.js';
import type { AttemptOutcome, TokensCountStrategy } from './types.js';
import { config, NONE, request, run, shares, targets, withinFivePercent } from './fixtures.test-helper.js';

const lu = (tokens_count_strategy: TokensCountStrategy = 'total-tokens') => config({ algorithm: 'lowest-usage', tokens_count_strategy });
const used = (promptTokens: number, completionTokens: number, cost?: number, ok = true): AttemptOutcome => ({
  ok,
  e2eMs: 100,
  promptTokens,
  completionTokens,
  ...(cost !== undefined ? { cost } : {}),
});

test('lowest-usage: equal answers spread by weight (±5% over 10,000)', () => {
  const counts = run(createBalancer(lu(), targets(70, 25, 5)), 10_000, () => used(100, 100), (i) => i * 10);
  assert.ok(withinFivePercent(counts, [70, 25, 5]), JSON.stringify(counts));
});

test('lowest-usage: each strategy counts its own tokens (or cost)', () => {
  // Target 0 answers long prompts with short completions, target 1 the reverse.
  const outcome = (i: number) => (i === 0 ? used(900, 100, 0.001) : used(100, 900, 0.009));
  const share = (s: TokensCountStrategy) => shares(run(createBalancer(lu(s), targets(1, 1)), 4000, outcome, (i) => i * 10));
  const prompt = share('prompt-tokens');
  const completion = share('completion-tokens');
  const total = share('total-tokens');
  const cost = share('cost');
  assert.ok(prompt[1]! > 0.85, `prompt-tokens favours target 1 (100 prompt tokens each): ${prompt}`);
  assert.ok(completion[0]! > 0.85, `completion-tokens favours target 0: ${completion}`);
  assert.ok(Math.abs(total[0]! - 0.5) < 0.05, `total-tokens is even (1000 each): ${total}`);
  assert.ok(cost[0]! > 0.85, `cost favours the cheaper target 0: ${cost}`);
});

test('lowest-usage: usage decays over the window (e^-1 after a minute), and state shows it', () => {
  const b = createBalancer(lu(), targets(1, 1), () => 0);
  b.begin(0);
  b.end(0, used(600, 400), 0);
  assert.equal(b.state(0)[0]!.measure, 1000);
  assert.ok(Math.abs(b.state(USAGE_WINDOW_MS)[0]!.measure! - 1000 / Math.E) < 1e-6);
  assert.ok(b.state(5 * USAGE_WINDOW_MS)[0]!.measure! < 7);
  const p = b.pick(request(), NONE, 0)!;
  assert.equal(p.index, 1);
  assert.match(p.reason, /^lowest-usage: total tokens 0 per weight in the last ~60 s \(next 1000\)$/);
});

test('lowest-usage: attempts under way count as the average attempt, so concurrent picks spread', () => {
  const b = createBalancer(lu(), targets(1, 1, 1));
  run(b, 30, () => used(50, 50), (i) => i); // everyone measured: ~100 per attempt
  const open = [0, 1, 2, 3, 4, 5].map(() => {
    const p = b.pick(request(), NONE, 40)!;
    b.begin(p.index);
    return p.index;
  });
  assert.deepEqual([...open].sort(), [0, 0, 1, 1, 2, 2], `${open}`);
});

test('lowest-usage: a failing target (quick errors, no tokens) is charged its average, not taken for idle', () => {
  const b = createBalancer(lu(), targets(1, 1));
  run(b, 20, () => used(100, 100), (i) => i);
  const counts = run(b, 1000, (i) => (i === 0 ? { ok: false, e2eMs: 2 } : used(100, 100)), (i) => 100 + i * 10);
  assert.ok(Math.abs(shares(counts)[0]! - 0.5) < 0.05, `the failing target gets its turn, not every pick: ${counts}`);
});

test('lowest-usage: cost needs a cost on the answer; answers without one add nothing', () => {
  const b = createBalancer(lu('cost'), targets(1, 1));
  b.begin(0);
  b.end(0, used(100, 100), 0);
  assert.equal(b.state(0)[0]!.measure, 0);
});
