// Many nodes on one control plane must not hammer Konnect: against the mock Konnect, a poll
// that finds nothing changed is one request (the control plane's expected config hash); a
// change is read in full on the next poll; a full read still happens every `fullReadEvery`
// polls; poll intervals are jittered within ±20%.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStore } from '../../../kong-entities/index.js';
import { DEFAULT_DEV_TOKEN, MockKonnect } from '../../../mock-konnect/index.js';
import { KonnectSource } from './index.js';
import { jitteredDelay } from './cheap-polls.js';

async function mockWithControlPlane() {
  const mock = new MockKonnect({ store: new MemoryStore(), tokens: [DEFAULT_DEV_TOKEN] });
  const base = await mock.listen('127.0.0.1', 0);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${DEFAULT_DEV_TOKEN}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as Record<string, unknown> };
  };
  const cp = (await call('POST', '/v2/control-planes', { name: 'polls' })).body.id as string;
  const ce = `/v2/control-planes/${cp}/core-entities`;
  const svc = (await call('POST', `${ce}/services`, { name: 'llm', host: 'example.com' })).body.id as string;
  for (const g of ['gold', 'silver']) await call('POST', `${ce}/consumer_groups`, { name: g });
  const requests = async () => {
    const r = (await (await fetch(`${base}/_mock/requests`)).json()) as { data: { method: string; path: string }[] };
    await fetch(`${base}/_mock/requests`, { method: 'DELETE' });
    return r.data.map((x) => x.path.split('?')[0]!);
  };
  return { mock, base, cp, ce, svc, call, requests };
}

test('an unchanged control plane costs one small request per poll; a change is read in full at the next poll', async () => {
  const m = await mockWithControlPlane();
  const source = new KonnectSource({ serverUrl: m.base, token: DEFAULT_DEV_TOKEN, controlPlane: 'polls', pollIntervalMs: 60_000, retry: { maxAttempts: 1 }, fullReadEvery: 3 });
  try {
    await m.requests(); // the set-up's own requests
    assert.ok(await source.poll());
    const full = await m.requests();
    assert.ok(full.length >= 9, `a full read: ${full.join(', ')}`);
    assert.ok(full.includes(`/v2/control-planes/${m.cp}/expected-config-hash`), 'read under a known hash');
    for (let i = 0; i < 3; i++) assert.equal(await source.poll(), null);
    assert.deepEqual(await m.requests(), Array(3).fill(`/v2/control-planes/${m.cp}/expected-config-hash`), 'unchanged: the hash only');
    assert.equal(await source.poll(), null, 'the safety-net full read finds nothing new');
    assert.ok((await m.requests()).length > 1);
    assert.equal((await m.call('POST', `${m.ce}/routes`, { name: 'r', paths: ['/r'], service: { id: m.svc } })).status, 201);
    const changed = await source.poll();
    assert.ok(changed && changed.routes.length === 1, 'the change is in the next poll');
    assert.equal(await source.poll(), null);
    await m.requests();
    assert.equal(await source.poll(), null);
    assert.deepEqual(await m.requests(), [`/v2/control-planes/${m.cp}/expected-config-hash`]);
    assert.deepEqual(source.status().polls && source.status().polls!.unchanged > 0, true);
  } finally {
    await source.stop();
    await m.mock.close();
  }
});

test('poll intervals are jittered within ±20% of --poll-interval', async () => {
  assert.equal(jitteredDelay(5000, 0.2, 0), 4000);
  assert.equal(jitteredDelay(5000, 0.2, 0.5), 5000);
  assert.equal(jitteredDelay(5000, 0.2, 0.999999), 6000);
  // And the source waits that long (lower bounds only: a loaded machine makes timers late, never early).
  const m = await mockWithControlPlane();
  const draws = [1, 0];
  let i = 0;
  const source = new KonnectSource({ serverUrl: m.base, token: DEFAULT_DEV_TOKEN, controlPlane: 'polls', pollIntervalMs: 300, retry: { maxAttempts: 1 }, random: () => draws[i++ % draws.length]! });
  try {
    const t0 = performance.now();
    await source.start({ onSnapshot: () => {}, onError: () => {} });
    const polled = () => source.status().polls!.unchanged + source.status().polls!.fullReads - 1;
    while (polled() < 1 && performance.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 5));
    assert.ok(performance.now() - t0 >= 359, 'the first interval was drawn at +20% (360 ms)');
  } finally {
    await source.stop();
    await m.mock.close();
  }
});
