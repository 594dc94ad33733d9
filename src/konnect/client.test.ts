import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { closeSharedDispatchers, KonnectClient, KonnectError, type HttpLogEvent, type KonnectClientOptions } from './index.js';
import { json, startScriptedServer, type ScriptedServer } from './scripted-server.test-helper.js';

const TOKEN = 'kpat_SuperSecret_Token_0123456789';
let srv: ScriptedServer;
const logs: HttpLogEvent[] = [];
const errors: KonnectError[] = [];

function client(extra: Partial<KonnectClientOptions> = {}): KonnectClient {
  return new KonnectClient({
    serverUrl: srv.url,
    credentials: { token: TOKEN, source: 'personal_access_token' },
    retry: { maxAttempts: 3, initialDelayMs: 5, maxDelayMs: 20, maxElapsedMs: 10_000 },
    onLog: (e) => logs.push(e),
    random: () => 0,
    ...extra,
  });
}

async function failure(p: Promise<unknown>): Promise<KonnectError> {
  try {
    await p;
  } catch (err) {
    assert.ok(KonnectError.is(err), `expected a KonnectError, got ${String(err)}`);
    errors.push(err);
    return err;
  }
  assert.fail('expected the call to fail');
}

before(async () => {
  srv = await startScriptedServer();
});
after(async () => {
  // Nothing any test produced may carry the token: no error message, no log line.
  for (const e of errors) assert.ok(!`${e.message}\n${e.stack}`.includes(TOKEN), `token leaked into: ${e.message}`);
  assert.ok(!JSON.stringify(logs).includes(TOKEN), 'token leaked into a log event');
  await srv.close();
  await closeSharedDispatchers();
});

test('sends the token as Bearer, a User-Agent naming the provider, JSON body; parses the answer', async () => {
  srv.handle((req, res) => json(res, 201, { id: 'x', echo: JSON.parse(req.body) }, { 'x-kong-request-id': 'req-1' }));
  const r = await client().call<{ id: string; echo: unknown }>('POST', '/v2/things', { body: { a: 1 }, expect: [201] });
  assert.deepEqual(r.body, { id: 'x', echo: { a: 1 } });
  assert.equal(r.requestId, 'req-1');
  const seen = srv.seen.at(-1)!;
  assert.equal(seen.headers.authorization, `Bearer ${TOKEN}`);
  assert.match(String(seen.headers['user-agent']), /^terraform-provider-konnect-ts\/\d+\.\d+\.\d+ /);
  assert.equal(seen.headers['content-type'], 'application/json');
});

test('every error class: code, status, method, path, request id, the field Konnect named', async () => {
  const cases: Array<{ status: number; body: unknown; ct?: string; code: string; cls: string; field?: string }> = [
    { status: 401, body: { message: 'Unauthorized', status: 401 }, code: 'KONNECT_ERR_AUTH', cls: 'KonnectAuthError' },
    { status: 403, body: { status: 403, title: 'Permission denied', instance: 'konnect:trace:1', detail: 'Insufficient role-set' }, code: 'KONNECT_ERR_FORBIDDEN', cls: 'KonnectForbiddenError' },
    { status: 404, body: { code: 5, message: 'not found' }, code: 'KONNECT_ERR_NOT_FOUND', cls: 'KonnectNotFoundError' },
    { status: 409, body: { status: 409, title: 'Conflict', instance: 'konnect:trace:2', detail: 'Control Plane with provided name already exists.' }, code: 'KONNECT_ERR_CONFLICT', cls: 'KonnectConflictError' },
    {
      status: 400,
      body: { code: 3, message: 'data constraint error', details: [{ type: 'ERROR_TYPE_REFERENCE', field: 'name', messages: ['name (type: unique) constraint failed'] }] },
      code: 'KONNECT_ERR_CONFLICT',
      cls: 'KonnectConflictError',
      field: 'name',
    },
    {
      status: 400,
      body: { status: 400, title: 'Bad Request', instance: 'konnect:trace:3', detail: 'Request cannot be empty', invalid_parameters: [{ field: 'name', reason: 'cannot be blank' }] },
      code: 'KONNECT_ERR_VALIDATION',
      cls: 'KonnectValidationError',
      field: 'name',
    },
    {
      status: 400,
      body: { code: 2, name: 'schema violation', message: 'schema violation', fields: { config: { model: { provider: 'required field missing' } } } },
      code: 'KONNECT_ERR_VALIDATION',
      cls: 'KonnectValidationError',
      field: 'config.model.provider',
    },
    { status: 429, body: { message: 'slow down' }, code: 'KONNECT_ERR_RATE_LIMITED', cls: 'KonnectRateLimitedError' },
    { status: 500, body: { message: 'boom' }, code: 'KONNECT_ERR_SERVER', cls: 'KonnectServerError' },
    { status: 200, body: 'not json', ct: 'text/plain', code: 'KONNECT_ERR_BAD_RESPONSE', cls: 'KonnectBadResponseError' },
  ];
  for (const c of cases) {
    srv.handle((_req, res) => {
      res.writeHead(c.status, { 'content-type': c.ct ?? 'application/json', 'x-kong-request-id': `rid-${c.status}` });
      res.end(typeof c.body === 'string' ? c.body : JSON.stringify(c.body));
    });
    const e = await failure(client({ retry: { maxAttempts: 1 } }).call('GET', '/v2/control-planes/cp1', { expect: [204] }));
    assert.equal(e.code, c.code, `status ${c.status}`);
    assert.equal(e.name, c.cls);
    assert.equal(e.status, c.status);
    assert.equal(e.method, 'GET');
    assert.equal(e.path, '/v2/control-planes/cp1');
    assert.equal(e.requestId, `rid-${c.status}`);
    if (c.field) assert.ok(e.invalidParameters.some((p) => p.field === c.field), `${c.code} names ${c.field}: ${JSON.stringify(e.invalidParameters)}`);
    assert.match(e.message, /GET \/v2\/control-planes\/cp1/);
  }
});

test('problem+json instance is the request id when no header carries one', async () => {
  srv.handle((_req, res) => {
    res.writeHead(401, { 'content-type': 'application/problem+json' });
    res.end(JSON.stringify({ status: 401, title: 'Unauthenticated', instance: 'konnect:trace:952172606039454040', detail: `A valid token is required, not ${TOKEN}` }));
  });
  const e = await failure(client().call('GET', '/v2/control-planes/x', { expect: [200] }));
  assert.equal(e.code, 'KONNECT_ERR_AUTH');
  assert.equal(e.requestId, 'konnect:trace:952172606039454040');
  assert.ok(!e.message.includes(TOKEN), 'a token echoed by the server is scrubbed');
  assert.match(e.message, /\(sensitive\)/);
});

test('unreachable server: the URL and the network error; timeout: a TIMEOUT error', async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const e = await failure(client({ serverUrl: `http://127.0.0.1:${port}` }).call('GET', '/v2/control-planes', { expect: [200] }));
  assert.equal(e.code, 'KONNECT_ERR_UNREACHABLE');
  assert.equal(e.attempts, 3, 'connection refused is retried');
  assert.match(e.message, new RegExp(`http://127\\.0\\.0\\.1:${port}`));
  assert.match(e.message, /ECONNREFUSED/);

  srv.handle(() => {
    /* never answer */
  });
  const t = await failure(client({ headersTimeoutMs: 150, retry: { maxAttempts: 1 } }).call('GET', '/v2/slow', { expect: [200] }));
  assert.equal(t.code, 'KONNECT_ERR_TIMEOUT');
});

test('Retry-After is honoured', async () => {
  let n = 0;
  srv.handle((_req, res) => (++n === 1 ? json(res, 429, { message: 'rate limited' }, { 'retry-after': '1' }) : json(res, 200, { ok: true })));
  const started = performance.now();
  const r = await client().call('GET', '/v2/control-planes', { expect: [200] });
  const ms = performance.now() - started;
  assert.equal(r.status, 200);
  assert.equal(n, 2);
  assert.ok(ms >= 950, `waited ${ms} ms, Retry-After said 1 s`);
  const retry = logs.find((l) => l.outcome === 'retry' && l.status === 429);
  assert.ok(retry && retry.retryInMs! >= 1000);
});

test('retries are bounded in attempts and in total time', async () => {
  let n = 0;
  srv.handle((_req, res) => {
    n++;
    json(res, 503, { message: 'unavailable' });
  });
  const e = await failure(client().call('GET', '/v2/x', { expect: [200] }));
  assert.equal(e.code, 'KONNECT_ERR_SERVER');
  assert.equal(n, 3);
  assert.equal(e.attempts, 3);

  n = 0;
  srv.handle((_req, res) => {
    n++;
    json(res, 429, { message: 'later' }, { 'retry-after': '120' });
  });
  const started = performance.now();
  const r = await failure(client({ retry: { maxAttempts: 10, maxElapsedMs: 2_000 } }).call('GET', '/v2/x', { expect: [200] }));
  assert.equal(r.code, 'KONNECT_ERR_RATE_LIMITED');
  assert.equal(n, 1, 'a Retry-After beyond the time budget is not waited for');
  assert.ok(performance.now() - started < 1_500);
});

test('POST is not replayed after a 500, but is after 429/503', async () => {
  let n = 0;
  srv.handle((_req, res) => {
    n++;
    json(res, 500, { message: 'boom' });
  });
  await failure(client().call('POST', '/v2/x', { body: {}, expect: [201] }));
  assert.equal(n, 1);
  n = 0;
  srv.handle((_req, res) => (++n < 3 ? json(res, 503, {}) : json(res, 201, { id: '1' })));
  const r = await client().call('POST', '/v2/x', { body: {}, expect: [201] });
  assert.equal(r.status, 201);
  assert.equal(n, 3);
});

test('cancellation: cancelAll (StopProvider) and a per-call signal abort calls in flight and retry waits', async () => {
  srv.handle(() => {
    /* hang */
  });
  const c = client();
  const p = c.call('GET', '/v2/hang', { expect: [200] });
  setTimeout(() => c.cancelAll(), 50);
  const started = performance.now();
  const e = await failure(p);
  assert.equal(e.code, 'KONNECT_ERR_CANCELLED');
  assert.ok(performance.now() - started < 2_000);

  srv.handle((_req, res) => json(res, 429, {}, { 'retry-after': '30' }));
  const ac = new AbortController();
  const c2 = client({ retry: { maxAttempts: 5, maxElapsedMs: 60_000 } });
  const p2 = c2.call('GET', '/v2/limited', { expect: [200], signal: ac.signal });
  setTimeout(() => ac.abort(), 100);
  const e2 = await failure(p2);
  assert.equal(e2.code, 'KONNECT_ERR_CANCELLED');

  srv.handle((_req, res) => json(res, 200, { again: true }));
  const after = await c.call<{ again: boolean }>('GET', '/v2/ok', { expect: [200] });
  assert.equal(after.body?.again, true, 'the client works again after cancelAll');
});

test('log events carry method, path, status, ms and attempt — never headers', async () => {
  logs.length = 0;
  let n = 0;
  srv.handle((_req, res) => (++n === 1 ? json(res, 502, {}) : json(res, 200, {})));
  await client().call('GET', '/v2/logged', { query: { size: 10 }, expect: [200] });
  assert.equal(logs.length, 2);
  assert.deepEqual(
    logs.map((l) => [l.method, l.path, l.status, l.attempt, l.outcome]),
    [
      ['GET', '/v2/logged?size=10', 502, 1, 'retry'],
      ['GET', '/v2/logged?size=10', 200, 2, 'ok'],
    ],
  );
  for (const l of logs) {
    assert.equal(typeof l.ms, 'number');
    assert.deepEqual(Object.keys(l).filter((k) => /header|auth|body/i.test(k)), []);
  }
});

test('a server_url that is not an http(s) URL is refused naming the attribute', () => {
  assert.throws(() => new KonnectClient({ serverUrl: 'global.api.konghq.com' }), /server_url/);
  assert.throws(() => new KonnectClient({ serverUrl: 'ftp://x' }), /server_url/);
});
