import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validatePlugin } from '../../schemas/index.js';
import type { Plugin, Route, Service } from '../../schemas/entities.js';
import type { ConfigSnapshot } from '../config/snapshot.js';
import { explainHandler, explainRequest, formatReport, parseExplainArgs, renderExplain } from './index.js';

const ts = { created_at: 1, updated_at: 1 };
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const SVC = uuid(1), ROUTE = uuid(2), ALICE = uuid(3), GOLD = uuid(4), SILVER = uuid(5);

const service = { id: SVC, name: 'hf', protocol: 'http', host: 'localhost', port: 8080, path: null, retries: 5, connect_timeout: 60000, write_timeout: 60000, read_timeout: 60000, tags: null, client_certificate: null, tls_verify: null, tls_verify_depth: null, ca_certificates: null, enabled: true, ...ts } satisfies Service;
const route = { id: ROUTE, name: 'hf-route', protocols: ['http', 'https'], methods: null, hosts: null, paths: ['/hf'], headers: null, https_redirect_status_code: 426, regex_priority: 0, strip_path: true, path_handling: 'v0', preserve_host: false, request_buffering: true, response_buffering: true, snis: null, sources: null, destinations: null, tags: null, service: { id: SVC }, ...ts } satisfies Route;

function plugin(n: number, name: string, config: Record<string, unknown>, refs: Partial<Record<'route' | 'service' | 'consumer' | 'consumer_group', string>>, enabled = true): Plugin {
  const res = validatePlugin({ id: uuid(n), name, config, enabled, ...Object.fromEntries(Object.entries(refs).map(([k, v]) => [k, { id: v }])) });
  assert.ok(res.ok, JSON.stringify(res));
  return res.value;
}
const ai = { route_type: 'llm/v1/chat', llm_format: 'huggingface', auth: { header_name: 'Authorization', header_value: 'Bearer hf_secret_explain' }, model: { provider: 'huggingface', name: 'm' } };

const snapshot: ConfigSnapshot = {
  origin: { kind: 'admin-api', location: '127.0.0.1:8001' },
  revision: 7,
  loadedAt: new Date(),
  services: [service],
  routes: [route],
  consumers: [{ id: ALICE, username: 'alice', custom_id: null, tags: null, ...ts }],
  consumerGroups: [
    { id: GOLD, name: 'gold', tags: null, ...ts },
    { id: SILVER, name: 'silver', tags: null, ...ts },
  ],
  consumerGroupMembers: [
    { consumer: { id: ALICE }, consumer_group: { id: SILVER } },
    { consumer: { id: ALICE }, consumer_group: { id: GOLD } },
  ],
  keyAuthCredentials: [{ id: uuid(6), key: 'alice-key', consumer: { id: ALICE }, tags: null, ttl: null, created_at: 1 }],
  plugins: [
    plugin(10, 'key-auth', { anonymous: null }, { route: ROUTE }),
    plugin(11, 'ai-proxy', ai, {}),
    plugin(12, 'ai-proxy', ai, { service: SVC }),
    plugin(13, 'ai-proxy', ai, { consumer_group: SILVER }),
    plugin(14, 'ai-proxy', ai, { consumer_group: GOLD }),
    plugin(15, 'ai-proxy', ai, { route: ROUTE }, false),
  ],
};

test('explain names the route, the consumer and its groups, the winner and why each other instance lost', () => {
  const r = explainRequest(snapshot, { method: 'post', path: '/hf/generate', headers: { ApiKey: 'alice-key' } });
  assert.equal(r.route?.name, 'hf-route');
  assert.equal(r.route?.service?.name, 'hf');
  assert.equal(r.authentication.plugin?.id, uuid(10));
  assert.equal(r.authentication.result, 'identified');
  assert.equal(r.consumer?.username, 'alice');
  assert.deepEqual(r.consumerGroups.map((g) => g.name), ['gold', 'silver']);
  assert.equal(r.aiProxy?.id, uuid(14));
  assert.equal(r.aiProxy?.scope, 'consumer group');
  assert.equal(r.aiProxy?.source, 'admin-api 127.0.0.1:8001');
  const why = Object.fromEntries(r.candidates.map((c) => [c.id, c.reason]));
  assert.match(why[uuid(13)]!, /consumer group 'gold' .* sorts before consumer group 'silver'/);
  assert.match(why[uuid(12)]!, /level 11 \(service\).*level 9 \(consumer group\)/);
  assert.match(why[uuid(11)]!, /level 12 \(global\)/);
  assert.match(why[uuid(15)]!, /disabled/);
  const text = formatReport(r);
  assert.match(text, /verdict: +ai-proxy 00000000-0000-4000-8000-000000000014 \(consumer group\) runs/);
  assert.ok(!text.includes('hf_secret_explain') && !JSON.stringify(r).includes('hf_secret_explain'), 'no config secret in the report');
});

test('without a key, key-auth\'s 401 is the verdict; with no route, the 404', () => {
  const noKey = explainRequest(snapshot, { method: 'POST', path: '/hf/generate' });
  assert.equal(noKey.authentication.result, 'rejected');
  assert.equal(noKey.aiProxy, null);
  assert.match(noKey.verdict, /^401 \{"message":"No API key found in request"\}/);
  assert.match(noKey.candidates[0]!.reason, /would win .* but key-auth rejected the request first/);

  const wrong = explainRequest(snapshot, { method: 'POST', path: '/hf/generate?apikey=nope' });
  assert.match(wrong.verdict, /Invalid authentication credentials/);

  const none = explainRequest(snapshot, { method: 'GET', path: '/elsewhere' });
  assert.equal(none.route, null);
  assert.match(none.verdict, /^404 .*no Route matched/);
});

test('the CLI flags parse, and mistakes name the flag', () => {
  const args = parseExplainArgs(['--kic', 'dir', '--method', 'post', '--path', '/hf/generate?apikey=alice-key', '--header', 'X-A: b', '--json']);
  assert.ok(!('error' in args));
  assert.deepEqual(args.rest, ['--kic', 'dir']);
  assert.deepEqual(args.request, { method: 'POST', path: '/hf/generate?apikey=alice-key', headers: { 'X-A': 'b' } });
  const out = JSON.parse(renderExplain(snapshot, args));
  assert.equal(out.aiProxy.id, uuid(14));
  assert.match((parseExplainArgs(['--method', 'GET']) as { error: string }).error, /needs --path/);
  assert.match((parseExplainArgs(['--path', '/x', '--header', 'nocolon']) as { error: string }).error, /--header must be Name:Value/);
});

test('GET /explain answers the same report as JSON, and 400 names the missing parameter', async () => {
  const server = createServer(explainHandler(() => snapshot));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const ok = await fetch(`${base}/explain?method=POST&path=${encodeURIComponent('/hf/generate')}&header=apikey:alice-key`);
    assert.equal(ok.status, 200);
    const body = (await ok.json()) as { aiProxy: { id: string }; consumer: { username: string } };
    assert.equal(body.aiProxy.id, uuid(14));
    assert.equal(body.consumer.username, 'alice');
    const bad = await fetch(`${base}/explain?method=POST`);
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { message: string }).message, /'path' is required/);
  } finally {
    server.close();
  }
});

test('explain names the prometheus instance that counts the request and its flags (a route one wins over the global one)', () => {
  const withProm: ConfigSnapshot = {
    ...snapshot,
    plugins: [...snapshot.plugins, plugin(20, 'prometheus', { latency_metrics: true }, {}), plugin(21, 'prometheus', { ai_metrics: true, per_consumer: true }, { route: ROUTE })],
  };
  const r = explainRequest(withProm, { method: 'POST', path: '/hf/generate', headers: { apikey: 'alice-key' } });
  assert.equal(r.prometheus?.id, uuid(21));
  assert.equal(r.prometheus?.scope, 'route');
  assert.deepEqual(r.prometheus?.metrics, ['ai_metrics', 'per_consumer']);
  assert.match(formatReport(r), new RegExp(`prometheus: ${uuid(21)} \\[route, level \\d+\\] route=${ROUTE} counts it \\(ai_metrics, per_consumer\\)`));
  assert.deepEqual(r.unsupported, [], 'prometheus is run, not refused');
  assert.equal(explainRequest(snapshot, { method: 'POST', path: '/hf/generate', headers: { apikey: 'alice-key' } }).prometheus, null);
});
