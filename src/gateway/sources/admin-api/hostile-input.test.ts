// Hostile input to the Admin API (issue 12, item 7): every answer is Kong's 4xx body, never a
// 500, on the durable LMDB store (whose key-size limit is what made long names and ids fail).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminApiSource } from './index.js';

/** A request with the path sent byte for byte as given (fetch would normalise it). */
function raw(base: string, method: string, path: string, body?: string | Buffer): Promise<{ status: number; body: any }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers: body === undefined ? {} : { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function durableAdminApi() {
  const dir = await mkdtemp(join(tmpdir(), 'admin-hostile-'));
  const source = new AdminApiSource({ listen: '127.0.0.1:0', dataDir: join(dir, 'data'), announce: () => {} });
  await source.start({ onSnapshot: () => {}, onError: (e) => assert.fail(e) });
  return {
    base: source.url!,
    async stop() {
      await source.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

test('long names, long ids and undecodable ids get Kong\'s 400 bodies from the durable Admin API', async () => {
  const api = await durableAdminApi();
  try {
    const long = await raw(api.base, 'POST', '/services', JSON.stringify({ name: 'n'.repeat(2000), url: 'http://127.0.0.1:9090' }));
    assert.equal(long.status, 400);
    assert.deepEqual(long.body, {
      code: 2,
      name: 'schema violation',
      message: 'schema violation (name: length must be at most 128)',
      fields: { name: 'length must be at most 128' },
    });
    const atCap = await raw(api.base, 'POST', '/services', JSON.stringify({ name: 'n'.repeat(128), url: 'http://127.0.0.1:9090' }));
    assert.equal(atCap.status, 201, 'a 128-character name is within the cap');

    for (const method of ['GET', 'PATCH', 'PUT', 'DELETE']) {
      const res = await raw(api.base, method, `/services/${'x'.repeat(5000)}`, method === 'PATCH' || method === 'PUT' ? '{"host":"h"}' : undefined);
      assert.equal(res.status, 400, method);
      assert.deepEqual(res.body, { code: 10, name: 'invalid unique name', message: 'length must be at most 128' }, method);
    }
    const nested = await raw(api.base, 'GET', `/consumers/${'u'.repeat(5000)}/key-auth`);
    assert.deepEqual([nested.status, nested.body], [400, { code: 10, name: 'invalid unique username', message: 'length must be at most 128' }]);

    const notUtf8 = await raw(api.base, 'GET', '/services/%ff');
    assert.deepEqual([notUtf8.status, notUtf8.body], [400, { code: 10, name: 'invalid unique name', message: 'invalid utf-8 character sequence detected at position 1' }]);
    const malformed = await raw(api.base, 'GET', '/services/%zz');
    assert.equal(malformed.status, 400);
    assert.match(malformed.body.message, /^Bad request: invalid url-encoded value '%zz'/);

    const deep = await raw(api.base, 'POST', '/services', `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`);
    assert.equal(deep.status, 400);
    assert.match(deep.body.message, /nests deeper than 100 levels/);
    const huge = await raw(api.base, 'POST', '/services', Buffer.alloc(11 * 1024 * 1024, 0x20));
    assert.equal(huge.status, 413);
    assert.match(huge.body.message, /^Payload too large/);

    const after = await raw(api.base, 'GET', `/services/${'n'.repeat(128)}`);
    assert.equal(after.status, 200, 'still serving, the created service intact');
    assert.equal(after.body.host, '127.0.0.1');
  } finally {
    await api.stop();
  }
});
