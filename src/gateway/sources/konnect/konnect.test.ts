import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KonnectSource } from './index.js';

const TOKEN = 'kpat_secret_token_for_tests';
const CP = '5f3f4b1e-0000-4000-8000-000000000001';
const ts = { created_at: 1, updated_at: 1 };

/** A small stand-in for Konnect's core-entities API: pages of two items, Bearer auth, switchable outages. */
function fakeKonnect() {
  const state = {
    mode: 'ok' as 'ok' | '401' | 'reset-one',
    /** In 'reset-one' mode: the collection whose requests are cut; it moves on after each cut. */
    victim: 0,
    requests: 0,
    /** The control plane as Konnect has it now (null: deleted). */
    cp: { id: CP, name: 'hf-cp' } as { id: string; name: string } | null,
    entities: {
      services: [{ id: 's1', name: 'hf', host: 'x', port: 80, protocol: 'http', ...ts }],
      routes: [1, 2, 3].map((i) => ({ id: `r${i}`, name: `r${i}`, paths: [`/r${i}`], service: { id: 's1' }, ...ts })),
      consumers: [{ id: 'c1', username: 'alice', custom_id: null, tags: null, ...ts }],
      consumer_groups: [{ id: 'g1', name: 'gold', tags: null, ...ts }],
      plugins: [1, 2, 3, 4, 5].map((i) => ({ id: `p${i}`, name: 'ai-proxy', enabled: true, config: { n: i }, route: { id: `r${(i % 3) + 1}` }, service: null, consumer: null, consumer_group: null, ...ts })),
      'key-auths': [{ id: 'k1', key: 'alice-key', consumer: { id: 'c1' }, ...ts }],
      'consumer_groups/g1/consumers': [{ id: 'c1', username: 'alice' }],
    } as Record<string, unknown[]>,
  };
  const server: Server = createServer((req, res) => {
    state.requests++;
    const url = new URL(req.url!, 'http://x');
    res.setHeader('content-type', 'application/json');
    if (state.mode === '401' || req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.statusCode = 401;
      return res.end(JSON.stringify({ message: 'Unauthorized', status: 401 }));
    }
    if (url.pathname === '/v2/control-planes') {
      const data = state.cp ? [state.cp] : [];
      return res.end(JSON.stringify({ data, meta: { page: { number: 1, size: 100, total: data.length } } }));
    }
    const m = url.pathname.match(/^\/v2\/control-planes\/([^/]+)\/core-entities\/(.+)$/);
    if (state.mode === 'reset-one' && m) {
      // One collection's connection is cut per poll, a different one each time (as when the
      // first of the parallel reads to fail varies from poll to poll).
      const names = ['services', 'consumers', 'plugins', 'routes'];
      if (m[2] === names[state.victim % names.length]) {
        state.victim++;
        return req.socket.destroy();
      }
    }
    const list = m && m[1] === state.cp?.id ? state.entities[m[2]!] : undefined;
    if (!list) {
      res.statusCode = 404;
      return res.end(JSON.stringify({ message: 'Not found' }));
    }
    const start = Number(url.searchParams.get('offset') ?? 0);
    const data = list.slice(start, start + 2);
    const more = start + 2 < list.length;
    res.end(JSON.stringify({ data, next: more ? `${url.pathname}?offset=${start + 2}` : null, ...(more ? { offset: String(start + 2) } : {}) }));
  });
  return { server, state };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('reads every page of every entity, resolves the control plane by name, and swaps only on change', async () => {
  const { server, state } = fakeKonnect();
  const url = await listen(server);
  const logs: string[] = [];
  const source = new KonnectSource({ serverUrl: url, token: TOKEN, controlPlane: 'hf-cp', pollIntervalMs: 60_000, log: (l) => logs.push(l), preparePlugin: (p) => ({ plugin: p }) });
  try {
    const first = await source.start({ onSnapshot: () => {}, onError: () => {} });
    assert.equal(first.origin.kind, 'konnect');
    assert.equal(first.routes.length, 3);
    assert.equal(first.plugins.length, 5);
    assert.deepEqual(first.keyAuthCredentials.map((k) => k.key), ['alice-key']);
    assert.deepEqual(first.consumerGroupMembers, [{ consumer_group: { id: 'g1' }, consumer: { id: 'c1' } }]);
    assert.equal(source.status().controlPlaneId, CP);
    assert.equal(source.status().state, 'ok');

    assert.equal(await source.poll(), null, 'nothing changed: no new snapshot');
    state.entities['plugins']!.push({ id: 'p6', name: 'ai-proxy', enabled: true, config: {}, route: null, service: null, consumer: null, consumer_group: null, ...ts });
    const second = await source.poll();
    assert.equal(second?.revision, first.revision + 1);
    assert.equal(second?.plugins.length, 6);
    assert.equal(first.plugins.length, 5, 'the old snapshot is untouched');
  } finally {
    await source.stop();
    server.close();
  }
  assert.ok(!JSON.stringify(logs).includes(TOKEN));
});

test('a 401 or an unreachable Konnect keeps the last good snapshot and says so once per outage, without the token', async () => {
  const { server, state } = fakeKonnect();
  const url = await listen(server);
  const logs: string[] = [];
  const errors: Error[] = [];
  const snapshots: unknown[] = [];
  const source = new KonnectSource({ serverUrl: url, token: TOKEN, controlPlane: CP, pollIntervalMs: 50, log: (l) => logs.push(l), retry: { maxAttempts: 1 }, preparePlugin: (p) => ({ plugin: p }) });
  try {
    const first = await source.start({ onSnapshot: (s) => snapshots.push(s), onError: (e) => errors.push(e) });
    assert.equal(first.revision, 1);
    state.mode = '401';
    await waitFor(() => source.status().state === 'stale');
    let st = source.status();
    assert.equal(st.revision, 1);
    assert.equal(st.lastError?.code, 'KONNECT_ERR_AUTH');
    assert.match(st.lastError!.message, /refused the token \(401\).*--konnect-token \/ KONNECT_TOKEN/);
    await waitFor(() => logs.length > 0);
    assert.match(logs.join('\n'), /keeping the last good configuration \(revision 1/);
    await new Promise((r) => setTimeout(r, 300)); // several more polls (50 ms) fail the same way
    assert.equal(logs.filter((l) => l.includes('refused the token')).length, 1, 'logged once per outage, not once per poll');
    assert.equal(errors.length, 0, 'an outage is not a rejected configuration');
    state.mode = 'ok';
    await waitFor(() => logs.some((l) => /read again after: .*refused the token/.test(l)));
    assert.equal(logs.filter((l) => /read again after/.test(l)).length, 1, 'the end of the outage is said once');
    assert.equal(source.status().state, 'ok');
    state.mode = '401';
    await waitFor(() => logs.filter((l) => l.includes('refused the token (401)') && !l.includes('read again')).length === 2);

    server.close();
    server.closeAllConnections();
    await waitFor(() => source.status().lastError?.code === 'KONNECT_ERR_UNREACHABLE');
    st = source.status();
    assert.equal(st.state, 'stale');
    assert.match(st.lastError!.message, /Konnect is unreachable.*--konnect-url/);
    await waitFor(() => logs.some((l) => /Konnect is unreachable/.test(l)));
    assert.equal(snapshots.length, 0, 'no snapshot was applied during the outage');
  } finally {
    await source.stop();
    server.close();
  }
  const everything = JSON.stringify([logs, errors.map((e) => e.message), source.status()]);
  assert.ok(!everything.includes(TOKEN), 'the token never appears');
});

test('an outage is one outage whichever collection fails first on each poll: said once, not once per path', async () => {
  const { server, state } = fakeKonnect();
  const url = await listen(server);
  const logs: string[] = [];
  const source = new KonnectSource({ serverUrl: url, token: TOKEN, controlPlane: CP, pollIntervalMs: 50, log: (l) => logs.push(l), retry: { maxAttempts: 1 }, preparePlugin: (p) => ({ plugin: p }) });
  try {
    await source.start({ onSnapshot: () => {}, onError: () => {} });
    state.mode = 'reset-one';
    await waitFor(() => state.victim >= 6); // six polls, each cut on another collection
    assert.equal(source.status().state, 'stale');
    const said = logs.filter((l) => /Konnect is unreachable/.test(l) && !/read again/.test(l));
    assert.equal(said.length, 1, `one line for the outage, got:\n${said.join('\n')}`);
    state.mode = 'ok';
    await waitFor(() => logs.some((l) => /read again after/.test(l)));
    assert.equal(logs.filter((l) => /read again after/.test(l)).length, 1);
  } finally {
    await source.stop();
    server.close();
    server.closeAllConnections();
  }
});

test('an unknown control plane name fails the start with the names the token can see', async () => {
  const { server } = fakeKonnect();
  const url = await listen(server);
  const source = new KonnectSource({ serverUrl: url, token: TOKEN, controlPlane: 'nope', pollIntervalMs: 60_000 });
  try {
    await assert.rejects(source.start({ onSnapshot: () => {}, onError: () => {} }), /no control plane is named 'nope' \(the token can see: 'hf-cp'\)/);
    const bad = new KonnectSource({ serverUrl: url, token: 'wrong', controlPlane: CP, retry: { maxAttempts: 1 } });
    await assert.rejects(bad.start({ onSnapshot: () => {}, onError: () => {} }), /refused the token/);
    await bad.stop();
  } finally {
    await source.stop();
    server.close();
  }
});

async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('plugins are validated with the shared schema: an invalid ai-proxy config is refused with Kong\'s message', async () => {
  const { server } = fakeKonnect();
  const url = await listen(server);
  const source = new KonnectSource({ serverUrl: url, token: TOKEN, controlPlane: CP, pollIntervalMs: 60_000 });
  try {
    await assert.rejects(source.start({ onSnapshot: () => {}, onError: () => {} }), /plugin p1 \(ai-proxy\): \d+ schema violations \(.*config.route_type: required field missing/);
    assert.equal(source.status().state, 'starting');
  } finally {
    await source.stop();
    server.close();
  }
});

test('a deleted control plane keeps the last snapshot ("missing", said once); by name it is found again under a new id', async () => {
  const { server, state } = fakeKonnect();
  const url = await listen(server);
  const logs: string[] = [];
  const errors: Error[] = [];
  const byName = new KonnectSource({ serverUrl: url, token: TOKEN, controlPlane: 'hf-cp', pollIntervalMs: 50, log: (l) => logs.push(l), retry: { maxAttempts: 1 }, preparePlugin: (p) => ({ plugin: p }) });
  try {
    await byName.start({ onSnapshot: () => {}, onError: (e) => errors.push(e) });
    state.cp = null;
    await waitFor(() => byName.status().state === 'missing');
    assert.equal(byName.status().lastError?.code, 'KONNECT_ERR_NOT_FOUND');
    assert.match(byName.status().lastError!.message, new RegExp(`control plane 'hf-cp' no longer exists in Konnect \\(its id ${CP} answers 404`));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(logs.filter((l) => l.includes('no longer exists')).length, 1, 'said once, not once per poll');
    assert.match(logs[0]!, /keeping the last good configuration \(revision 1, .*looking it up by name every 50 ms/);
    const NEW = '5f3f4b1e-0000-4000-8000-000000000002';
    state.cp = { id: NEW, name: 'hf-cp' };
    await waitFor(() => byName.status().controlPlaneId === NEW && byName.status().state === 'ok');
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(logs.filter((l) => l.includes('found again')), [`konnect: control plane 'hf-cp' found again under a new id ${NEW} (was ${CP}); missing since ${/missing since (\S+)/.exec(logs[1]!)?.[1]}`]);
    assert.equal(errors.length, 0, 'a missing control plane is not a rejected configuration');
  } finally {
    await byName.stop();
  }

  state.cp = { id: CP, name: 'hf-cp' };
  logs.length = 0;
  const byId = new KonnectSource({ serverUrl: url, token: TOKEN, controlPlane: CP, pollIntervalMs: 50, log: (l) => logs.push(l), retry: { maxAttempts: 1 }, preparePlugin: (p) => ({ plugin: p }) });
  try {
    await byId.start({ onSnapshot: () => {}, onError: (e) => errors.push(e) });
    state.cp = null;
    await waitFor(() => byId.status().state === 'missing');
    assert.match(byId.status().lastError!.message, new RegExp(`control plane '${CP}' no longer exists in Konnect \\(404 on /v2/control-planes/${CP}/`));
    state.cp = { id: CP, name: 'hf-cp' };
    await waitFor(() => byId.status().state === 'ok');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(logs.filter((l) => l.includes('no longer exists')).length, 1);
    assert.deepEqual(logs.filter((l) => l.includes('found again')).map((l) => l.replace(/since \S+/, 'since T')), [`konnect: control plane '${CP}' found again (id ${CP}); missing since T`]);
  } finally {
    await byId.stop();
    server.close();
  }
  assert.ok(!JSON.stringify(logs).includes(TOKEN));
});
