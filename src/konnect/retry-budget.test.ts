// Retries within a time budget (issue 12, item 14): a Konnect that fails 30% of calls (503, 429,
// 500, dropped connections; seeded) never makes a call fail; a Konnect that always fails makes
// the call give up after about the budget, naming attempts and elapsed time; Retry-After is
// honoured; a replay-safe POST is replayed after a lost answer, another POST is not.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, defaultRetryPolicy, parseRetryBudget } from './retry.js';
import { closeSharedDispatchers, KonnectClient, KonnectError, type KonnectClientOptions } from './index.js';
import { json, startScriptedServer, type ScriptedServer } from './scripted-server.test-helper.js';
import { mulberry32 } from '../testing/seeded-random.js';

let srv: ScriptedServer;

before(async () => {
  srv = await startScriptedServer();
});
after(async () => {
  await srv.close();
  await closeSharedDispatchers();
});

const seeded = mulberry32;

/** Fast waits, everything else as the default policy (no attempt bound but the budget). */
function client(extra: Partial<KonnectClientOptions> = {}): KonnectClient {
  return new KonnectClient({ serverUrl: srv.url, retry: { initialDelayMs: 2, maxDelayMs: 20, maxElapsedMs: 20_000 }, ...extra });
}

async function failure(p: Promise<unknown>): Promise<KonnectError> {
  try {
    await p;
  } catch (err) {
    assert.ok(KonnectError.is(err), `expected a KonnectError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

test('30% injected failures (503, 429, 500, dropped connections; seeded) over 600 calls: zero failed calls', async () => {
  const rnd = seeded(12);
  const faults = { 503: 0, 429: 0, 500: 0, drop: 0 };
  const objects = new Map<string, number>(); // name → how many times created
  srv.handle((req, res) => {
    const r = rnd();
    const create = req.method === 'POST';
    const land = () => {
      const name = String(JSON.parse(req.body).name);
      if (objects.has(name)) return false;
      objects.set(name, 1);
      return true;
    };
    if (r < 0.075) return (faults[503]++, json(res, 503, { message: 'unavailable' }));
    if (r < 0.15) return (faults[429]++, json(res, 429, { message: 'slow down' }));
    if (r < 0.225) {
      // A 500 after the create landed: the replay meets the object (a conflict).
      faults[500]++;
      if (create) land();
      return json(res, 500, { message: 'boom' });
    }
    if (r < 0.3) {
      // The answer is lost: committed, then the connection drops without a response.
      faults.drop++;
      if (create) land();
      return res.socket?.destroy();
    }
    if (create) return land() ? json(res, 201, { id: req.body }) : json(res, 409, { status: 409, title: 'Conflict', detail: 'exists' });
    return json(res, 200, { ok: true });
  });
  const c = client();
  const outcomes: string[] = [];
  for (let i = 0; i < 300; i++) {
    await c.call('GET', `/v2/things/${i}`, { expect: [200] });
    // A replay-safe create: success, or a conflict when an earlier attempt had landed.
    try {
      await c.call('POST', '/v2/things', { body: { name: `n${i}` }, expect: [201], replaySafe: true });
      outcomes.push('created');
    } catch (err) {
      assert.ok(KonnectError.is(err) && err.code === 'KONNECT_ERR_CONFLICT', `call ${i} failed: ${String(err)}`);
      outcomes.push('conflict');
    }
  }
  for (const [k, n] of Object.entries(faults)) assert.ok(n > 10, `the server injected ${k} ${n} times`);
  assert.equal(objects.size, 300, 'every create landed once');
  assert.ok(outcomes.includes('conflict'), 'some replays met their own landed create (resolved by the caller)');
});

test('a Konnect that always answers 503 makes the call give up after about the budget, naming attempts and elapsed time', async () => {
  let n = 0;
  srv.handle((_req, res) => {
    n++;
    json(res, 503, { message: 'unavailable' });
  });
  const started = performance.now();
  const e = await failure(client({ retry: { initialDelayMs: 20, maxDelayMs: 200, maxElapsedMs: 1_500 } }).call('GET', '/v2/x', { expect: [200] }));
  const ms = performance.now() - started;
  assert.equal(e.code, 'KONNECT_ERR_SERVER');
  assert.ok(ms >= 1_000 && ms < 5_000, `gave up after ${Math.round(ms)} ms; the budget is 1500 ms`);
  assert.ok(n >= 6, `kept trying within the budget (${n} attempts)`);
  assert.equal(e.attempts, n);
  assert.equal(e.budgetMs, 1_500);
  assert.match(e.message, new RegExp(`after ${n} attempts in \\d\\.\\d s \\(retry budget 1\\.5 s\\)`));
});

test('a Konnect that never answers: the budget ends the attempt in flight, as a timeout naming the budget', async () => {
  srv.handle(() => {
    /* never answer */
  });
  const started = performance.now();
  const e = await failure(client({ retry: { maxElapsedMs: 800 } }).call('GET', '/v2/hang', { expect: [200] }));
  assert.equal(e.code, 'KONNECT_ERR_TIMEOUT');
  assert.ok(performance.now() - started < 3_000);
  assert.match(e.message, /no answer within the retry budget\): GET \/v2\/hang; after 1 attempt in \d\.\d s \(retry budget 0\.8 s\)/);
});

test('Retry-After is honoured on 503, and one beyond the remaining budget ends the call at once, saying so', async () => {
  let n = 0;
  srv.handle((_req, res) => (++n === 1 ? json(res, 503, { message: 'later' }, { 'retry-after': '1' }) : json(res, 201, { id: 'a' })));
  const started = performance.now();
  const r = await client().call('POST', '/v2/things', { body: { name: 'a' }, expect: [201], replaySafe: true });
  assert.equal(r.status, 201);
  assert.ok(performance.now() - started >= 950, 'waited the second Retry-After asked for');

  n = 0;
  srv.handle((_req, res) => {
    n++;
    json(res, 429, { message: 'later' }, { 'retry-after': '30' });
  });
  const t0 = performance.now();
  const e = await failure(client({ retry: { maxElapsedMs: 3_000 } }).call('GET', '/v2/x', { expect: [200] }));
  assert.equal(n, 1);
  assert.ok(performance.now() - t0 < 2_000);
  assert.equal(e.code, 'KONNECT_ERR_RATE_LIMITED');
  assert.match(e.message, /retry budget 3\.0 s\)/);
});

test('a lost answer: a replay-safe POST is sent again, any other POST is not (it may have created the object)', async () => {
  let n = 0;
  srv.handle((_req, res) => (++n === 1 ? res.socket?.destroy() : json(res, 201, { id: 'x' })));
  const r = await client().call('POST', '/v2/things', { body: { name: 'x' }, expect: [201], replaySafe: true });
  assert.equal(r.status, 201);
  assert.equal(n, 2);

  n = 0;
  const e = await failure(client().call('POST', '/v2/things', { body: {}, expect: [201] }));
  assert.equal(n, 1);
  assert.equal(e.code, 'KONNECT_ERR_UNREACHABLE');
});

test('the default policy: a 60 s budget, backoff capped at 5 s, no attempt bound but the budget', () => {
  assert.equal(defaultRetryPolicy.maxElapsedMs, 60_000);
  assert.equal(defaultRetryPolicy.maxAttempts, Number.POSITIVE_INFINITY);
  for (const attempt of [1, 5, 10, 30, 100]) assert.ok(backoffDelay(defaultRetryPolicy, attempt, undefined, () => 1) <= 5_000);
  assert.ok(backoffDelay(defaultRetryPolicy, 1, undefined, () => 0) >= 100, 'jitter keeps half of the delay');
  assert.equal(backoffDelay(defaultRetryPolicy, 1, 7_000, () => 0), 7_000, 'Retry-After wins over the cap');
});

test('KONNECT_RETRY_BUDGET values', () => {
  assert.deepEqual(parseRetryBudget('90'), { ms: 90_000 });
  assert.deepEqual(parseRetryBudget('90s'), { ms: 90_000 });
  assert.deepEqual(parseRetryBudget('1500ms'), { ms: 1_500 });
  assert.deepEqual(parseRetryBudget(' 2m '), { ms: 120_000 });
  for (const bad of ['', '0', '-1', 'soon', '1h', '100000m']) {
    const r = parseRetryBudget(bad);
    assert.ok('error' in r && /KONNECT_RETRY_BUDGET must be a duration/.test(r.error), `${bad}: ${JSON.stringify(r)}`);
  }
});
