// Several bin/ai-gateway nodes on one real PostgreSQL (started by the test) in front of
// bin/mock-tgi: the schema made by `ai-gateway migrations up`; a write through node 1's Admin
// API serves traffic on node 2 within 1 s (LISTEN/NOTIFY) and on node 3 (notifications off)
// within its --db-update-frequency; PostgreSQL killed: the nodes keep serving, /status says
// `stale`, the log says so once, the Admin API answers 503; PostgreSQL back: writes made after it
// came back take effect everywhere, and the write acknowledged before kill -9 is still there.
// The password never appears in any output. Needs `make build`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { postgresSkipReason, startPostgres, stopStartedPostgres, type TestPostgres } from '../../../testing/postgres.js';
import { killStartedProcesses, runCommand } from '../../../testing/processes.js';
import { startProcess, type StartedProcess } from '../../../testing/tgi/index.js';
import { ROOT, startTgi, TOKEN } from '../../test/harness.js';

const skip = postgresSkipReason();
const GATEWAY = join(ROOT, 'bin/ai-gateway');
let pg: TestPostgres;
let tgi: StartedProcess;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  if (skip) return;
  pg = await startPostgres();
  tgi = await startTgi();
});
after(async () => {
  await killStartedProcesses();
  await stopStartedPostgres();
});

/** Flags without the password (given through KONG_PG_PASSWORD, as an operator should). */
const dbFlags = () => pg.flags().filter((f, i, all) => f !== '--pg-password' && all[i - 1] !== '--pg-password');
const env = () => ({ ...process.env, KONG_PG_PASSWORD: pg.password });

function node(extra: string[], withPasswordFlag = false): Promise<StartedProcess> {
  return startProcess(
    GATEWAY,
    [...(withPasswordFlag ? pg.flags() : dbFlags()), '--proxy-listen', '127.0.0.1:0', '--status-listen', '127.0.0.1:0', '--workers', '1', ...extra],
    { env: env(), listeners: ['proxy', 'status', ...(extra.includes('off') && extra[extra.indexOf('off') - 1] === '--admin-listen' ? [] : ['admin-api'])], timeoutMs: 30_000 },
  );
}

const generate = async (proxy: string, path = '/hf/generate') => {
  try {
    const r = await fetch(`${proxy}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"inputs":"one two three","parameters":{"max_new_tokens":3}}' });
    await r.arrayBuffer();
    return r.status;
  } catch {
    return 0;
  }
};

/** Milliseconds until `path` on `proxy` answers 200 (fails after `limitMs`). */
async function until200(proxy: string, path: string, limitMs: number): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < limitMs) {
    if ((await generate(proxy, path)) === 200) return performance.now() - t0;
    await sleep(20);
  }
  assert.fail(`${path} on ${proxy} did not answer 200 within ${limitMs} ms`);
}

const admin = async (base: string, method: string, path: string, body?: unknown) => {
  const r = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined };
};

const sourceStatus = async (p: StartedProcess) => ((await (await fetch(`${p.listeners.get('status')}/status`)).json()) as { source: Record<string, unknown> }).source;

test('migrations: a node refuses an unmigrated database naming the command; up is idempotent; list shows the state', { skip }, async () => {
  const refused = await runCommand(GATEWAY, [...dbFlags(), '--admin-listen', '127.0.0.1:0', '--proxy-listen', '127.0.0.1:0', '--status-listen', '127.0.0.1:0', '--workers', '1'], { env: env(), timeoutMs: 30_000 });
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /is not migrated \(pending: 001_kv_store, 002_foreign_keys\); run: ai-gateway migrations up --database postgres --pg-host 127\.0\.0\.1/);
  const up = await runCommand(GATEWAY, ['migrations', 'up', ...pg.flags()], { timeoutMs: 30_000 });
  assert.equal(up.code, 0, up.stderr);
  assert.match(up.stdout, /applied 001_kv_store\n.*applied 002_foreign_keys/);
  const again = await runCommand(GATEWAY, ['migrations', 'up', ...dbFlags()], { env: env(), timeoutMs: 30_000 });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /up to date/);
  const list = await runCommand(GATEWAY, ['migrations', 'list', ...dbFlags()], { env: env(), timeoutMs: 30_000 });
  assert.match(list.stdout, /^001_kv_store {2}applied \d{4}-/m);
  const wrong = await runCommand(GATEWAY, ['migrations', 'list', ...dbFlags()], { env: { ...process.env, KONG_PG_PASSWORD: 'not-it' }, timeoutMs: 30_000 });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /refused the login.*check --pg-user and --pg-password/);
  for (const r of [refused, up, again, list]) assert.ok(!(r.stdout + r.stderr).includes(pg.password), 'the password is never printed');
});

test('three nodes on one database: writes through any node serve on all; PostgreSQL restarted: nodes keep serving, then pick up new writes', { skip }, async () => {
  const n1 = await node(['--admin-listen', '127.0.0.1:0'], true);
  const n2 = await node(['--admin-listen', '127.0.0.1:0']); // NOTIFY, default 5 s polling
  const n3 = await node(['--admin-listen', 'off', '--db-notify', 'off', '--db-update-frequency', '1s']);
  const nodes = [n1, n2, n3];
  const a1 = n1.listeners.get('admin-api')!;
  const a2 = n2.listeners.get('admin-api')!;
  const [p1, p2, p3] = nodes.map((n) => n.listeners.get('proxy')!);
  const tgiUrl = tgi.listeners.get('mock-tgi')!;
  const aiProxy = (upstream: string) => ({
    name: 'ai-proxy',
    config: {
      route_type: 'llm/v1/chat',
      llm_format: 'huggingface',
      auth: { header_name: 'Authorization', header_value: `Bearer ${TOKEN}` },
      model: { provider: 'huggingface', name: 'HuggingFaceTB/SmolVLM-Base', options: { upstream_url: upstream } },
    },
  });

  // (a) a write on node 1 serves on node 2 (NOTIFY) within 1 s, and on node 3 (polling every 1 s) within its frequency.
  // The route last: until it is in force a node answers 404 at once, so the wait measures propagation.
  assert.equal((await admin(a1, 'POST', '/services', { name: 'hf', url: 'http://127.0.0.1:9' })).status, 201);
  assert.equal((await admin(a1, 'POST', '/services/hf/plugins', aiProxy(tgiUrl))).status, 201);
  assert.equal((await admin(a1, 'POST', '/services/hf/routes', { name: 'hf', paths: ['/hf'] })).status, 201);
  // The first request through each node opens its upstream connection (hundreds of ms on a
  // loaded machine): warm every node, then time a second write.
  await Promise.all([until200(p1!, '/hf/generate', 5000), until200(p2!, '/hf/generate', 5000), until200(p3!, '/hf/generate', 5000)]);
  assert.equal((await admin(a1, 'POST', '/services/hf/routes', { name: 'timed', paths: ['/timed'] })).status, 201);
  const [first, d2, d3] = await Promise.all([generate(p1!, '/timed/generate'), until200(p2!, '/timed/generate', 1000), until200(p3!, '/timed/generate', 2500)]);
  assert.equal(first, 200, 'node 1 serves its own write at once (the first request after the acknowledgement)');
  process.stderr.write(`# a route written on node 1 serves on node 2 (NOTIFY) after ${d2.toFixed(0)} ms, on node 3 (1 s polling) after ${d3.toFixed(0)} ms\n`);
  // A write through node 2 (a route) is read on node 1's Admin API at once (read-your-writes across nodes).
  assert.equal((await admin(a2, 'POST', '/services/hf/routes', { name: 'hf2', paths: ['/hf2'] })).status, 201);
  assert.equal((await admin(a1, 'GET', '/routes/hf2')).status, 200);
  await Promise.all([until200(p1!, '/hf2/generate', 1000), until200(p3!, '/hf2/generate', 2500)]);
  assert.equal((await sourceStatus(n2)).state, 'ok');
  assert.equal((await sourceStatus(n2)).notify, 'listening');
  assert.equal((await sourceStatus(n3)).notify, 'off');
  // `ai-gateway explain` reads the same database without listening.
  const explained = await runCommand(GATEWAY, ['explain', ...dbFlags(), '--method', 'POST', '--path', '/timed/generate', '--json'], { env: env(), timeoutMs: 30_000 });
  assert.equal(explained.code, 0, explained.stderr);
  const report = JSON.parse(explained.stdout) as { route: { name: string } | null; aiProxy: { scope: string } | null };
  assert.deepEqual([report.route?.name, report.aiProxy?.scope], ['timed', 'service']);

  // (e) an acknowledged write, then PostgreSQL killed (-9): every node keeps serving and says so.
  assert.equal((await admin(a1, 'POST', '/services/hf/routes', { name: 'acked', paths: ['/acked'] })).status, 201);
  await Promise.all([until200(p2!, '/acked/generate', 1000), until200(p3!, '/acked/generate', 2500)]);
  await pg.kill9();
  for (const p of [p1, p2, p3]) assert.equal(await generate(p!), 200, 'serving the last good configuration');
  const down = await admin(a1, 'POST', '/services/hf/routes', { name: 'during', paths: ['/during'] });
  assert.equal(down.status, 503);
  assert.match(down.body.message, /database is unavailable.*keeps the last good configuration/);
  const stale = async (n: StartedProcess) => {
    for (let i = 0; i < 100 && (await sourceStatus(n)).state !== 'stale'; i++) await sleep(100);
    return sourceStatus(n);
  };
  for (const n of nodes) {
    const st = await stale(n);
    assert.equal(st.state, 'stale');
    assert.match(JSON.stringify(st.last_error), /PostgreSQL at 127\.0\.0\.1/);
  }
  for (const p of [p1, p2, p3]) assert.equal(await generate(p!), 200);

  // PostgreSQL back: the acknowledged write is there, and a write made now reaches every node.
  await pg.start();
  const back = performance.now();
  let made = 0;
  for (let i = 0; i < 100 && made !== 201; i++) {
    made = (await admin(a1, 'POST', '/services/hf/routes', { name: 'after', paths: ['/after'] })).status;
    if (made !== 201) await sleep(100);
  }
  assert.equal(made, 201);
  assert.equal((await admin(a2, 'GET', '/routes/acked')).status, 200, 'the write acknowledged before kill -9 survived');
  assert.equal((await admin(a2, 'GET', '/routes/during')).status, 404, 'the refused write left nothing');
  // Node 2 re-LISTENs at its next poll (≤ 5 s), node 3 polls every second.
  const wrote = performance.now() - back;
  const [r2, r3] = await Promise.all([until200(p2!, '/after/generate', 6000), until200(p3!, '/after/generate', 2500)]).catch((e) => {
    throw new Error(`${e.message}\n${nodes.map((n, i) => `node ${i + 1}: ${n.stderr()}`).join('\n')}`);
  });
  process.stderr.write(`# PostgreSQL back: first write accepted after ${wrote.toFixed(0)} ms; in force on node 2 ${r2.toFixed(0)} ms and node 3 ${r3.toFixed(0)} ms after it\n`);
  for (const n of nodes) {
    for (let i = 0; i < 60 && (await sourceStatus(n)).state !== 'ok'; i++) await sleep(100);
    assert.equal((await sourceStatus(n)).state, 'ok');
  }
  for (const n of nodes) {
    const log = n.stderr();
    assert.equal(log.match(/keeping the last good configuration/g)?.length, 1, `the outage is logged once when it starts:\n${log}`);
    assert.equal(log.match(/is reachable again/g)?.length, 1, `and once when it ends:\n${log}`);
    assert.ok(!(log + n.stdout()).includes(pg.password), 'the password is never printed');
  }
  await Promise.all(nodes.map((n) => n.kill()));
});

test('--pg-ssl on: every connection is TLS; --pg-ssl-verify on checks the certificate against the trusted CAs (NODE_EXTRA_CA_CERTS)', { skip }, async () => {
  const tls = await startPostgres({ ssl: true });
  const flags = [...tls.flags(), '--pg-ssl', 'on'];
  const up = await runCommand(GATEWAY, ['migrations', 'up', ...flags], { timeoutMs: 30_000 });
  assert.equal(up.code, 0, up.stderr);
  const unverified = await runCommand(GATEWAY, ['migrations', 'list', ...flags, '--pg-ssl-verify', 'on'], { timeoutMs: 30_000 });
  assert.equal(unverified.code, 1);
  assert.match(unverified.stderr, /TLS to PostgreSQL at 127\.0\.0\.1:\d+ .*failed: self.signed certificate.*check --pg-ssl and --pg-ssl-verify/);
  const verified = await runCommand(GATEWAY, ['migrations', 'list', ...flags, '--pg-ssl-verify', 'on'], { env: { ...process.env, NODE_EXTRA_CA_CERTS: tls.caFile! }, timeoutMs: 30_000 });
  assert.equal(verified.code, 0, verified.stderr);
  // A node over TLS: its sessions are encrypted (pg_stat_ssl), and it serves its Admin API.
  const n = await startProcess(GATEWAY, [...flags, '--admin-listen', '127.0.0.1:0', '--proxy-listen', '127.0.0.1:0', '--status-listen', '127.0.0.1:0', '--workers', '1'], {
    listeners: ['proxy', 'status', 'admin-api'],
    timeoutMs: 30_000,
  });
  assert.equal((await admin(n.listeners.get('admin-api')!, 'POST', '/consumers', { username: 'over-tls' })).status, 201);
  const c = new PgClient({ host: tls.host, port: tls.port, user: tls.user, password: tls.password, database: tls.database });
  await c.connect();
  const sessions = await c.query(`SELECT s.ssl FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.application_name = 'ai-gateway'`);
  await c.end();
  assert.ok(sessions.rows.length > 0 && sessions.rows.every((r: { ssl: boolean }) => r.ssl === true), JSON.stringify(sessions.rows));
  await n.kill();
  await tls.stop();
});
