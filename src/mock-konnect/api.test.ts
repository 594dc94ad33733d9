// The checklist of konnect.md section 11, against an in-process mock on an OS-picked port.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { MemoryStore } from '../kong-entities/index.js';
import { DEFAULT_DEV_TOKEN, MockKonnect } from './index.js';

const SPAT = 'spat_test1234567890';
let mock: MockKonnect;
let base: string;

before(async () => {
  mock = new MockKonnect({ store: new MemoryStore(), tokens: [DEFAULT_DEV_TOKEN, SPAT] });
  base = await mock.listen('127.0.0.1', 0);
});
after(async () => {
  await mock.close();
});

async function call(method: string, path: string, body?: unknown, token: string | null = DEFAULT_DEV_TOKEN) {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await request(base + path, { method: method as 'GET', headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.body.text();
  return { status: res.statusCode, type: String(res.headers['content-type'] ?? ''), body: text ? (JSON.parse(text) as any) : undefined };
}

async function newCp(name = `cp-${Math.random().toString(36).slice(2)}`) {
  const r = await call('POST', '/v2/control-planes', { name });
  assert.equal(r.status, 201);
  return r.body as { id: string; name: string };
}

const aiConfig = {
  route_type: 'llm/v1/chat',
  genai_category: 'text/generation',
  llm_format: 'huggingface',
  auth: { header_name: 'Authorization', header_value: 'Bearer hf_supersecret' },
  model: { provider: 'huggingface', name: 'HuggingFaceTB/SmolVLM-Base' },
};

test('control plane: create fills every required key and default', async () => {
  const r = await call('POST', '/v2/control-planes', { name: 'Terraform Control Plane', proxy_urls: [{ host: 'example.com', port: 443, protocol: 'https' }] });
  assert.equal(r.status, 201);
  assert.match(r.type, /^application\/json/);
  const cp = r.body;
  assert.match(cp.id, /^[0-9a-f-]{36}$/);
  assert.equal(cp.description, '');
  assert.deepEqual(cp.labels, {});
  assert.equal(cp.config.cluster_type, 'CLUSTER_TYPE_CONTROL_PLANE');
  assert.equal(cp.config.auth_type, 'pinned_client_certs');
  assert.equal(cp.config.cloud_gateway, false);
  assert.deepEqual(cp.config.proxy_urls, [{ host: 'example.com', port: 443, protocol: 'https' }]);
  const short = cp.id.replace(/-/g, '').slice(0, 10);
  assert.equal(cp.config.control_plane_endpoint, `https://${short}.us.cp.konghq.com`);
  assert.equal(cp.config.telemetry_endpoint, `https://${short}.us.tp0.konghq.com`);
  assert.ok(!Number.isNaN(Date.parse(cp.created_at)) && cp.created_at === cp.updated_at);
  assert.deepEqual((await call('GET', `/v2/control-planes/${cp.id}`)).body, cp);
});

test('control plane: 409 duplicate, 400 problem+json with invalid_parameters, 404 problem+json', async () => {
  await newCp('dup-name');
  const dup = await call('POST', '/v2/control-planes', { name: 'dup-name' });
  assert.equal(dup.status, 409);
  assert.match(dup.type, /^application\/problem\+json/);
  assert.equal(dup.body.detail, 'Control Plane with provided name already exists.');
  const unknown = await call('POST', '/v2/control-planes', { name: 'x1', id: 'abc' });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.detail, 'Request contains unknown property');
  assert.deepEqual(unknown.body.invalid_parameters, [{ field: 'id', reason: 'property id should not exist' }]);
  const blank = await call('POST', '/v2/control-planes', { name: '', cluster_type: 'NOPE' });
  assert.equal(blank.status, 400);
  assert.deepEqual(blank.body.invalid_parameters.map((p: { field: string }) => p.field), ['name', 'cluster_type']);
  for (const k of ['status', 'title', 'instance', 'detail']) assert.ok(k in blank.body, k);
  const missing = await call('GET', '/v2/control-planes/7f9fd312-a987-4628-b4c5-bb4f4fddd5f7');
  assert.equal(missing.status, 404);
  assert.match(missing.type, /^application\/problem\+json/);
});

test('control plane: PATCH updates only given keys and bumps updated_at; list paginates; DELETE takes core entities', async () => {
  const cp = await newCp();
  await new Promise((r) => setTimeout(r, 5));
  const p = await call('PATCH', `/v2/control-planes/${cp.id}`, { description: 'd', labels: { env: 'test' } });
  assert.equal(p.status, 200);
  assert.equal(p.body.description, 'd');
  assert.equal(p.body.name, cp.name);
  assert.deepEqual(p.body.labels, { env: 'test' });
  assert.ok(p.body.updated_at > p.body.created_at);
  assert.equal((await call('PATCH', `/v2/control-planes/${cp.id}`, { cluster_type: 'CLUSTER_TYPE_HYBRID' })).status, 400);
  const listed = await call('GET', `/v2/control-planes?page[size]=1&filter[name][eq]=${cp.name}`);
  assert.equal(listed.body.meta.page.total, 1);
  assert.equal(listed.body.data[0].id, cp.id);
  const svc = await call('POST', `/v2/control-planes/${cp.id}/core-entities/services`, { host: 'h' });
  assert.equal(svc.status, 201);
  assert.equal((await call('DELETE', `/v2/control-planes/${cp.id}`)).status, 204);
  assert.equal((await call('GET', `/v2/control-planes/${cp.id}/core-entities/services/${svc.body.id}`)).status, 404);
  // a new control plane never sees the old one's entities
  const cp2 = await newCp();
  assert.deepEqual((await call('GET', `/v2/control-planes/${cp2.id}/core-entities/services`)).body, { data: [], next: null });
});

test('auth: Bearer required; PAT and SPAT accepted; 401 bodies per API family; tokens never logged', async () => {
  const cpNoToken = await call('GET', '/v2/control-planes', undefined, null);
  assert.equal(cpNoToken.status, 401);
  assert.match(cpNoToken.type, /^application\/problem\+json/);
  assert.equal(cpNoToken.body.detail, 'A valid token is required');
  const cp = await newCp();
  const coreWrong = await call('GET', `/v2/control-planes/${cp.id}/core-entities/services`, undefined, 'kpat_wrong000');
  assert.equal(coreWrong.status, 401);
  assert.match(coreWrong.type, /^application\/json/);
  assert.deepEqual(coreWrong.body, { message: 'Unauthorized', status: 401 });
  assert.equal((await call('GET', `/v2/control-planes/${cp.id}/core-entities/services`, undefined, SPAT)).status, 200);
  const log = JSON.stringify((await call('GET', '/_mock/requests', undefined, null)).body);
  assert.ok(!log.includes(DEFAULT_DEV_TOKEN) && !log.includes(SPAT) && !log.includes('kpat_wrong000'));
});

test('core entities: defaults, every field present, client ids, PUT upsert, consumer group wrapper', async () => {
  const cp = await newCp();
  const ce = `/v2/control-planes/${cp.id}/core-entities`;
  const svc = await call('POST', `${ce}/services`, { ca_certificates: null, client_certificate: null, connect_timeout: 60000, enabled: true, host: 'httpbin.org', name: 'HTTPBin', path: '/', port: 443, protocol: 'https', read_timeout: 60000, retries: 5, tags: null, tls_sans: null, tls_verify: null, tls_verify_depth: null, write_timeout: 60000 });
  assert.equal(svc.status, 201);
  assert.equal(svc.body.tags, null);
  assert.equal(svc.body.tls_verify, null);
  assert.ok(Number.isInteger(svc.body.created_at) && svc.body.created_at === svc.body.updated_at);
  const routeId = 'a4326a41-aa12-44e3-93e4-6b6e58bfb9d7';
  const route = await call('POST', `${ce}/routes`, { id: routeId, methods: ['GET'], name: 'Anything', paths: ['/anything'], service: { id: svc.body.id }, strip_path: false, hosts: null });
  assert.equal(route.status, 201);
  assert.equal(route.body.id, routeId);
  assert.deepEqual(route.body.protocols, ['http', 'https']);
  assert.equal(route.body.https_redirect_status_code, 426);
  assert.equal(route.body.path_handling, 'v0');
  assert.equal(route.body.hosts, null);
  assert.equal(route.body.strip_path, false);
  const put = await call('PUT', `${ce}/services/${svc.body.id}`, { ...svc.body, host: 'example.org', created_at: 1, updated_at: 1 });
  assert.equal(put.status, 200);
  assert.equal(put.body.created_at, svc.body.created_at);
  assert.equal(put.body.host, 'example.org');
  const g = await call('POST', `${ce}/consumer_groups`, { name: 'gold', tags: ['tag1', 'tag2'] });
  assert.equal(g.status, 201);
  assert.equal(g.body.name, 'gold');
  const wrapped = await call('GET', `${ce}/consumer_groups/${g.body.id}`);
  assert.deepEqual(wrapped.body, { consumer_group: g.body });
  const plugin = await call('POST', `${ce}/plugins`, { name: 'ai-proxy', config: aiConfig, protocols: ['https', 'http'], route: { id: routeId }, tags: null });
  assert.equal(plugin.status, 201);
  assert.deepEqual(plugin.body.protocols, ['https', 'http']);
  assert.deepEqual(plugin.body.route, { id: routeId });
  assert.equal(plugin.body.service, null);
  assert.equal(plugin.body.config.model.options, null);
  assert.equal((await call('DELETE', `${ce}/plugins/${plugin.body.id}`)).status, 204);
  assert.equal((await call('DELETE', `${ce}/plugins/${plugin.body.id}`)).status, 204);
  assert.equal((await call('GET', `${ce}/plugins/${plugin.body.id}`)).status, 404);
});

test('core entities: bad bodies, unknown references, duplicates, unknown control plane', async () => {
  const cp = await newCp();
  const ce = `/v2/control-planes/${cp.id}/core-entities`;
  const bad = await call('POST', `${ce}/plugins`, { name: 'ai-proxy', config: { ...aiConfig, model: { provider: 'openai' }, bogus: 1 } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.code, 3);
  assert.equal(bad.body.message, 'validation error');
  assert.deepEqual(bad.body.fields, {
    '@entity': ["native llm_format 'huggingface' can only be used with the 'huggingface' model.provider"],
    config: { bogus: 'unknown field', model: { provider: 'value must be huggingface' } },
  });
  assert.ok(bad.body.details.some((d: { field?: string }) => d.field === 'config.bogus'));
  const badRef = await call('POST', `${ce}/plugins`, { name: 'ai-proxy', config: aiConfig, service: { id: '7fca84d6-7d37-4a74-a7b0-93e576089a41' } });
  assert.equal(badRef.status, 400);
  assert.equal(badRef.body.message, 'data constraint error');
  assert.equal(badRef.body.details[0].field, 'service');
  await call('POST', `${ce}/consumers`, { username: 'alice' });
  const dup = await call('POST', `${ce}/consumers`, { username: 'alice' });
  assert.equal(dup.status, 400);
  assert.deepEqual(dup.body.details[0].messages, ['username (type: unique) constraint failed']);
  const notJson = await call('POST', `${ce}/services`, '{nope');
  assert.equal(notJson.status, 400);
  assert.deepEqual(notJson.body, { message: 'Cannot parse JSON body' });
  const keyAuth = await call('POST', `${ce}/plugins`, { name: 'key-auth', config: { key_names: ['x-api-key'] } });
  assert.equal(keyAuth.status, 201);
  assert.equal(keyAuth.body.config.hide_credentials, false);
  const unknownCp = await call('GET', '/v2/control-planes/00000000-0000-4000-8000-000000000000/core-entities/services');
  assert.equal(unknownCp.status, 404);
});

test('region prefixes are ignored; the request log keeps bodies with secrets redacted', async () => {
  await call('DELETE', '/_mock/requests', undefined, null);
  const cp = await newCp();
  const r = await call('POST', `/eu/v2/control-planes/${cp.id}/core-entities/plugins`, { name: 'ai-proxy', config: aiConfig });
  assert.equal(r.status, 201);
  assert.equal(r.body.config.auth.header_value, 'Bearer hf_supersecret', 'the API itself returns what was stored');
  const log = (await call('GET', '/_mock/requests', undefined, null)).body.data as { method: string; path: string; status: number; body: any }[];
  const entry = log.find((e) => e.method === 'POST' && e.path.endsWith('/core-entities/plugins'))!;
  assert.equal(entry.status, 201);
  assert.equal(entry.body.config.auth.header_value, '(sensitive)');
  assert.equal(entry.body.config.auth.header_name, 'Authorization');
  assert.ok(!JSON.stringify(log).includes('hf_supersecret'));
});

test('100 parallel creates give 100 distinct objects, nothing lost; a whole control plane lists through pages', async () => {
  const cp = await newCp();
  const ce = `/v2/control-planes/${cp.id}/core-entities`;
  const results = await Promise.all(Array.from({ length: 100 }, (_, i) => call('POST', `${ce}/consumers`, { username: `user-${i}` })));
  assert.ok(results.every((r) => r.status === 201));
  assert.equal(new Set(results.map((r) => r.body.id)).size, 100);
  const seen = new Set<string>();
  let next: string | null = `${ce}/consumers?size=7`;
  let pages = 0;
  while (next) {
    const page = await call('GET', next);
    assert.equal(page.status, 200);
    for (const c of page.body.data) seen.add(c.id);
    next = page.body.next;
    pages++;
  }
  assert.equal(seen.size, 100);
  assert.equal(pages, 15);
});

test('fault injection and latency', async () => {
  const faulty = new MockKonnect({ store: new MemoryStore(), tokens: [DEFAULT_DEV_TOKEN], failRate: 1, failStatus: 429, latencyMs: 60 });
  const url = await faulty.listen('127.0.0.1', 0);
  try {
    const t0 = performance.now();
    const res = await request(`${url}/v2/control-planes`, { headers: { authorization: `Bearer ${DEFAULT_DEV_TOKEN}` } });
    const body = (await res.body.json()) as { status: number };
    assert.equal(res.statusCode, 429);
    assert.equal(body.status, 429);
    assert.ok(performance.now() - t0 >= 50);
    const health = await request(`${url}/_mock/health`);
    assert.equal(health.statusCode, 200);
    await health.body.text();
  } finally {
    await faulty.close();
  }
});
