// The window arithmetic with a fake clock: fixed and sliding usage, when a window starts, how
// long a limited client waits, and Rate Limiting Advanced's window labels.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LocalCounters } from './local.js';
import { prepareRateLimit } from './limiter.js';
import { headerSeconds, secondsUntilBelow, windowLabel, windowStart, windowUsage } from './window.js';
import type { Plugin } from '../../schemas/index.js';
import { validatePlugin } from '../../schemas/index.js';

const T0 = 1_700_000_040_000; // a multiple of 60 s and of 10 s: the start of a minute

describe('windows are aligned to the epoch', () => {
  it('start of the window containing now', () => {
    assert.equal(windowStart(T0, 60), T0);
    assert.equal(windowStart(T0 + 59_999, 60), T0);
    assert.equal(windowStart(T0 + 60_000, 60), T0 + 60_000);
    assert.equal(windowStart(T0 + 12_345, 10), T0 + 10_000);
  });
});

describe('fixed windows', () => {
  it('count only the current window; the previous one is forgotten at the boundary', () => {
    assert.equal(windowUsage('fixed', T0 + 1_000, 60, 30, 1000), 30);
    assert.equal(windowUsage('fixed', T0 + 59_000, 60, 100, 0), 100);
  });
  it('a limited client waits until the window ends', () => {
    assert.equal(secondsUntilBelow('fixed', T0 + 45_000, 60, 100, 100, 0), 15);
    assert.equal(secondsUntilBelow('fixed', T0 + 45_000, 60, 100, 99, 500), 0, 'below the limit: no wait');
    assert.equal(headerSeconds(15), 15);
    assert.equal(headerSeconds(0.2), 1);
  });
});

describe('sliding windows (Kong: prev × (size − elapsed)/size + current)', () => {
  it('weights the previous window by what is left of it', () => {
    assert.equal(windowUsage('sliding', T0, 60, 0, 100), 100, 'at the start the whole previous window counts');
    assert.equal(windowUsage('sliding', T0 + 15_000, 60, 10, 100), 85);
    assert.equal(windowUsage('sliding', T0 + 30_000, 60, 10, 100), 60);
    assert.equal(windowUsage('sliding', T0 + 59_999, 60, 10, 100) < 10.01, true);
  });
  it('waits until the weighted previous window has decayed enough', () => {
    // limit 100, current 40, previous 120 at 15 s: 120 × (45 − d)/60 + 40 < 100 → d > 15 s
    assert.equal(secondsUntilBelow('sliding', T0 + 15_000, 60, 100, 40, 120), 15);
  });
  it('when the current window alone reaches the limit, the next window must decay it too', () => {
    // current 200 ≥ limit 100 at 30 s: 30 s to the end, then 200 × (60 − e)/60 < 100 → e > 30 s
    assert.equal(secondsUntilBelow('sliding', T0 + 30_000, 60, 100, 200, 0), 60);
    // so a client that keeps over the rate stays blocked longer than a fixed window would keep it
    assert.ok(secondsUntilBelow('sliding', T0 + 30_000, 60, 100, 200, 0) > secondsUntilBelow('fixed', T0 + 30_000, 60, 100, 200, 0));
  });
});

describe('window labels (X-AI-RateLimit-*-<window>-<provider>)', () => {
  it('named sizes by name, others by seconds', () => {
    assert.deepEqual([1, 60, 3600, 86400, 2592000, 31536000, 30, 90, 5].map(windowLabel), ['second', 'minute', 'hour', 'day', 'month', 'year', '30', '90', '5']);
  });
});

describe('local counters with a fake clock', () => {
  const plugin = (config: Record<string, unknown>): Plugin => {
    const r = validatePlugin({ name: 'ai-rate-limiting-advanced', id: '0b6e2b0e-8d1f-4c55-9a57-4f1d8c0a0001', config });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.fields));
    return r.value;
  };

  it('fixed: admits below the limit, refuses at it, resets at the next window', () => {
    const p = prepareRateLimit(plugin({ window_type: 'fixed', namespace: 'fixed-test', llm_providers: [{ name: 'huggingface', limit: [100], window_size: [60] }] }));
    const s = p.series('alice');
    const at = (ms: number) => p.read(s, ms) as ReturnType<typeof p.read> & unknown[];
    p.charge(s, 60, T0 + 1_000);
    assert.equal((at(T0 + 2_000) as { usage: number }[])[0]!.usage, 60);
    p.charge(s, 60, T0 + 3_000); // the request admitted at 60 passes the limit by its own tokens
    const limited = (at(T0 + 50_000) as { usage: number; wait: number }[])[0]!;
    assert.equal(limited.usage, 120);
    assert.equal(limited.wait, 10);
    assert.equal((at(T0 + 60_000) as { usage: number }[])[0]!.usage, 0, 'a new fixed window starts empty');
  });

  it('sliding: the previous window keeps counting, decaying through the current one', () => {
    const p = prepareRateLimit(plugin({ namespace: 'sliding-test', llm_providers: [{ name: 'huggingface', limit: [100], window_size: [60] }] }));
    const s = p.series('bob');
    p.charge(s, 120, T0 + 50_000);
    const st = (ms: number) => (p.read(s, ms) as { usage: number; wait: number }[])[0]!;
    assert.equal(st(T0 + 60_000).usage, 120);
    assert.equal(st(T0 + 90_000).usage, 60);
    assert.ok(st(T0 + 60_000).wait > 0);
    assert.equal(st(T0 + 90_000).wait, 0);
    assert.equal(st(T0 + 120_000).usage, 0, 'two windows later nothing is left');
  });

  it('several windows per provider, identifiers and namespaces kept apart', () => {
    const p = prepareRateLimit(plugin({ namespace: 'multi', window_type: 'fixed', llm_providers: [{ name: 'huggingface', limit: [10, 1000], window_size: [10, 3600] }, { name: 'openai', limit: [5], window_size: [60] }] }));
    const a = p.series('a');
    assert.deepEqual(a.map((l) => [l.provider, l.limit, l.sizeS, l.label]), [['huggingface', 10, 10, '10'], ['huggingface', 1000, 3600, 'hour'], ['openai', 5, 60, 'minute']]);
    p.charge(a.slice(0, 2), 15, T0);
    const usage = (p.read(a, T0 + 1) as { usage: number }[]).map((x) => x.usage);
    assert.deepEqual(usage, [15, 15, 0]);
    assert.deepEqual((p.read(p.series('b'), T0 + 1) as { usage: number }[]).map((x) => x.usage), [0, 0, 0]);
  });

  it('expired windows are swept from memory', () => {
    const c = new LocalCounters();
    c.charge([{ base: 'x', sizeS: 1 }], 1, T0);
    assert.equal(c.size, 1);
    c.sweep(T0 + 2_000);
    assert.equal(c.size, 0);
  });
});
