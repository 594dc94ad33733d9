// Each request that used to make bin/mock-konnect exit (issue 12, item 11) now gets Konnect's
// 4xx body, and the process — on its durable LMDB store — keeps running and keeps its data.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { killStartedProcesses, REPO_ROOT, startServer, tempDir } from '../testing/index.js';
import { DEFAULT_DEV_TOKEN } from './index.js';
import { nested, rawClient } from './raw-client.test-helper.js';

const BIN = join(REPO_ROOT, 'bin', 'mock-konnect');
const skip = existsSync(join(REPO_ROOT, 'dist', 'mock-konnect.mjs')) ? false : 'dist/mock-konnect.mjs is missing: run make build';

after(killStartedProcesses);

/** Konnect's problem+json (konnect.md 9.2): status, title, instance, detail (+ invalid_parameters on 400). */
function assertProblem(r: { status: number; type: string; text: string }, status: number, detail: RegExp) {
  assert.equal(r.status, status, r.text.slice(0, 300));
  assert.match(r.type, /^application\/problem\+json/);
  const body = JSON.parse(r.text);
  assert.equal(body.status, status);
  assert.equal(typeof body.title, 'string');
  assert.match(body.instance, /^konnect:trace:\d+$/);
  assert.match(body.detail, detail);
  if (status === 400) assert.ok(Array.isArray(body.invalid_parameters) && body.invalid_parameters.length > 0);
}

/** The core-entities envelope (konnect.md 9.2) naming the field at fault. */
function assertFieldError(r: { status: number; text: string }, field: string, message: string) {
  assert.equal(r.status, 400, r.text.slice(0, 300));
  const body = JSON.parse(r.text);
  assert.equal(body.code, 3);
  assert.equal(body.message, 'validation error');
  assert.deepEqual(body.details.map((d: { field?: string; messages: string[] }) => [d.field, d.messages]), [[field, [message]]]);
}

test('deep bodies, %ff paths, long ids and names, and 10 MB bodies get 4xx answers; the mock keeps running', { skip }, async () => {
  const dir = tempDir('mock-konnect-hostile-');
  const { process: proc, url } = await startServer(BIN, ['--listen', '127.0.0.1:0', '--data', dir.path], 'mock-konnect');
  const anon = rawClient(url);
  const api = rawClient(url, DEFAULT_DEV_TOKEN);
  try {
    const cp = JSON.parse((await api.send('POST', '/v2/control-planes', '{"name":"hostile"}')).text);
    const ce = `/v2/control-planes/${cp.id}/core-entities`;
    const svc = JSON.parse((await api.send('POST', `${ce}/services`, '{"name":"kept","host":"example.com"}')).text);

    // 3,000 levels deep: answered before anything recursive runs, with a token or without.
    assertProblem(await api.send('POST', `${ce}/services`, nested(3000)), 400, /nests deeper than 100 levels/);
    assertProblem(await api.send('POST', '/v2/control-planes', nested(3000)), 400, /nests deeper than 100 levels/);
    assert.equal((await anon.send('POST', `${ce}/services`, nested(3000))).status, 401);
    assert.equal((await anon.send('POST', '/v2/nothing-here', nested(3000))).status, 404);

    // %ff is not UTF-8: an id-or-name no entity can have; %zz is not an escape at all.
    assertFieldError(await api.send('GET', `${ce}/services/%ff`), 'name', 'invalid utf-8 character sequence detected at position 1');
    assertProblem(await api.send('GET', `${ce}/services/%zz`), 400, /invalid url-encoded value '%zz'/);
    assert.equal((await api.send('GET', `/v2/control-planes/%ff/core-entities/services`)).status, 404);
    assertProblem(await api.send('GET', '/v2/control-planes/%ff'), 404, /not found/);

    // A 5,000-character id (LMDB's key limit is 1,978 bytes) and a 2,000-character name.
    assertFieldError(await api.send('GET', `${ce}/services/${'x'.repeat(5000)}`), 'name', 'length must be at most 128');
    assertFieldError(await api.send('PUT', `${ce}/consumers/${'x'.repeat(5000)}`, '{"custom_id":"c"}'), 'username', 'length must be at most 128');
    assertProblem(await api.send('GET', `/v2/control-planes/${'x'.repeat(5000)}`), 404, /not found/);
    assertFieldError(await api.send('POST', `${ce}/services`, JSON.stringify({ name: 'n'.repeat(2000), host: 'h' })), 'name', 'length must be at most 128');
    const longKey = await api.send('POST', `${ce}/consumers`, JSON.stringify({ username: 'k' }));
    const consumer = JSON.parse(longKey.text);
    const cred = await api.send('POST', `${ce}/consumers/${consumer.id}/key-auth`, JSON.stringify({ key: 'k'.repeat(5000) }));
    assert.equal(cred.status, 201, 'key-auth keys are not capped: a long one is stored (its index entry hashed)');

    // 10 MB and 11 MiB bodies: an answer, not a destroyed socket.
    assert.equal((await api.send('POST', `${ce}/services`, Buffer.alloc(10_000_000, 0x20))).status, 400);
    assertProblem(await api.send('POST', `${ce}/services`, Buffer.alloc(11 * 1024 * 1024, 0x20)), 413, /exceeds 10485760 bytes/);
    assertProblem(await api.send('POST', `${ce}/services`, Buffer.alloc(11 * 1024 * 1024, 0x20), { 'transfer-encoding': 'chunked' }), 413, /exceeds/);

    assert.equal(proc.child.exitCode, null, `the mock exited: ${proc.stderr()}`);
    assert.equal((await api.send('GET', '/_mock/health')).status, 200);
    assert.deepEqual(JSON.parse((await api.send('GET', `${ce}/services/${svc.id}`)).text), svc);
    assert.equal(proc.stderr(), '', 'no internal error was logged');
  } finally {
    anon.close();
    api.close();
    await proc.kill();
    dir.remove();
  }
});
