// Each way an upstream call fails, produced for real with undici against local servers, gets the
// cause the log and metrics use and Kong's status; the shown URL never carries a credential.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { Pool } from 'undici';
import { classifyUpstreamError, displayUrl, isTimeout, WriteTimeoutError } from './index.js';

const T = { connectTimeoutMs: 1000, readTimeoutMs: 300, writeTimeoutMs: 250 };
let origin: string;
let closedOrigin: string;
const server = createServer((req, res) => {
  if (req.url === '/reset') return void req.socket.destroy();
  if (req.url === '/garbage') return void req.socket.end('HTTP/1.1 200 OK\r\nContent-Type application/json\r\n\r\n{}');
  if (req.url === '/silent') return; // never answers
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write('data:1\n\n');
  if (req.url === '/die') setTimeout(() => res.socket?.destroy(), 50);
  // /stall: the body stops after the first event
});
const pools: Pool[] = [];

before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  closedOrigin = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((r) => closed.close(r));
});
after(async () => {
  await Promise.all(pools.map((p) => p.destroy()));
  server.closeAllConnections();
  server.close();
});

async function failure(base: string, path: string): Promise<{ err: unknown; phase: 'headers' | 'body' }> {
  const pool = new Pool(base, { connect: { timeout: T.connectTimeoutMs } });
  pools.push(pool);
  let phase: 'headers' | 'body' = 'headers';
  try {
    const res = await pool.request({ method: 'GET', path, headersTimeout: T.readTimeoutMs, bodyTimeout: T.readTimeoutMs });
    phase = 'body';
    for await (const _ of res.body) void _;
  } catch (err) {
    return { err, phase };
  }
  throw new Error(`${path}: the call did not fail`);
}

test('connection refused → ECONNREFUSED, 502', async () => {
  const f = await failure(closedOrigin, '/');
  assert.deepEqual(classifyUpstreamError(f.err, f.phase, T), { cause: 'ECONNREFUSED', detail: 'connection refused', status: 502, beforeSend: true });
});

test('no response headers within read_timeout → timeout, 504', async () => {
  const f = await failure(origin, '/silent');
  assert.deepEqual(classifyUpstreamError(f.err, f.phase, T), { cause: 'timeout', detail: 'no response headers within read_timeout 300 ms', status: 504, beforeSend: false });
});

test('the connection closed without an answer, or mid-body → reset, 502', async () => {
  const before = await failure(origin, '/reset');
  assert.equal(classifyUpstreamError(before.err, before.phase, T).cause, 'reset');
  assert.equal(classifyUpstreamError(before.err, before.phase, T).beforeSend, false, 'the request had been written');
  const mid = await failure(origin, '/die');
  assert.equal(mid.phase, 'body');
  assert.deepEqual(classifyUpstreamError(mid.err, mid.phase, T), { cause: 'reset', detail: 'the upstream closed the connection mid-response', status: 502, beforeSend: false });
});

test('a body that stops for read_timeout → timeout, 504', async () => {
  const f = await failure(origin, '/stall');
  assert.deepEqual(classifyUpstreamError(f.err, f.phase, T), { cause: 'timeout', detail: 'no data within read_timeout 300 ms', status: 504, beforeSend: false });
});

test('the upstream stopped taking the request (write-timeout.ts) → write_timeout, 504, a timeout', () => {
  const c = classifyUpstreamError(new WriteTimeoutError(250), 'headers', T);
  assert.deepEqual(c, { cause: 'write_timeout', detail: 'the upstream took no part of the request within write_timeout 250 ms', status: 504, beforeSend: false });
  assert.equal(isTimeout(c), true);
  assert.equal(isTimeout({ cause: 'reset' }), false);
});

test('bytes that are not an HTTP response head → invalid_header, 502', async () => {
  const f = await failure(origin, '/garbage');
  assert.deepEqual(classifyUpstreamError(f.err, f.phase, T), { cause: 'invalid_header', detail: 'the response head was not valid HTTP', status: 502, beforeSend: false });
});

test('https to a server that does not speak TLS → TLS, 502', async () => {
  const f = await failure(origin.replace('http:', 'https:'), '/');
  const c = classifyUpstreamError(f.err, f.phase, T);
  assert.equal(c.cause, 'TLS', JSON.stringify({ code: (f.err as { code?: string }).code, c }));
  assert.equal(c.status, 502);
  assert.equal(c.beforeSend, true, 'no request goes out before the handshake');
});

test('the URL shown drops user info and every query value, keeps the names and the path', () => {
  assert.equal(displayUrl('http://user:pw-secret@127.0.0.1:9090', '/generate?api_key=k-secret&stream&x=1'), 'http://127.0.0.1:9090/generate?api_key=…&stream&x=…');
  assert.equal(displayUrl('https://[::1]:8443', '/v1/chat/completions'), 'https://[::1]:8443/v1/chat/completions');
});
