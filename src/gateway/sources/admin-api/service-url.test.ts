// The Admin API accepts the service `url` helper on every write (POST, PUT, PATCH — it used to
// expand it for POST /services and /services/{id} only, in its own copy of the rules), through
// the one implementation in src/schemas that the mock Konnect and decK use too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdminApiSource } from './index.js';

test('url on POST, PUT and PATCH; the url wins over explicit fields; never returned; Kong\'s 400 for a bad one', async () => {
  const source = new AdminApiSource({ listen: '127.0.0.1:0', inMemory: true, announce: () => {} });
  await source.start({ onSnapshot: () => {}, onError: (e) => assert.fail(e) });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${source.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
  };
  const parts = (s: Record<string, any>) => [s.protocol, s.host, s.port, s.path, 'url' in s];
  try {
    const created = await call('POST', '/services', { name: 'svc', url: 'http://127.0.0.1:9090', port: 1 });
    assert.equal(created.status, 201);
    assert.deepEqual(parts(created.body!), ['http', '127.0.0.1', 9090, null, false]);
    const put = await call('PUT', '/services/other', { url: 'https://api.example/v1' });
    assert.equal(put.status, 200);
    assert.deepEqual(parts(put.body!), ['https', 'api.example', 443, '/v1', false]);
    const patched = await call('PATCH', '/services/svc', { url: 'https://h:8443/x', host: 'ignored' });
    assert.equal(patched.status, 200);
    assert.deepEqual(parts(patched.body!), ['https', 'h', 8443, '/x', false]);
    const listed = await call('GET', '/services');
    assert.ok((listed.body!.data as Record<string, unknown>[]).every((s) => !('url' in s)));

    const bad = await call('POST', '/services', { name: 'bad', url: 7 });
    assert.deepEqual(bad, {
      status: 400,
      body: { code: 2, name: 'schema violation', message: 'schema violation (url: expected a string)', fields: { url: 'expected a string' } },
    });
  } finally {
    await source.stop();
  }
});
