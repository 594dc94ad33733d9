// exchange(): one request through undici's dispatch handler, body read whole.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { Agent } from 'undici';
import { exchange } from './exchange.js';

let server: Server;
let origin: string;
const agent = new Agent();

before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/split') {
      // "é" (0xC3 0xA9) split across two writes: the text must be decoded from the whole body.
      res.writeHead(200, { 'content-type': 'application/json', 'x-kong-request-id': 'r1' });
      res.write(Buffer.from([0x22, 0xc3]));
      setTimeout(() => res.end(Buffer.from([0xa9, 0x22])), 20);
      return;
    }
    if (req.url === '/repeat') {
      res.setHeader('x-twice', ['a', 'b']);
      res.writeHead(201);
      res.end(`${req.method} ${req.headers['content-type']} ${req.headers['content-length']}`);
      req.resume();
      return;
    }
    if (req.url === '/stall') {
      res.writeHead(200);
      res.write('partial');
      return; // never ends
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await agent.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const req = (path: string, extra: Partial<Parameters<typeof exchange>[1]> = {}) => ({
  origin,
  path,
  method: 'GET' as const,
  headers: {},
  body: null,
  headersTimeout: 5000,
  bodyTimeout: 5000,
  ...extra,
});

test('a body in several chunks is decoded whole; headers are lower-case', async () => {
  const r = await exchange(agent, req('/split'), new AbortController().signal);
  assert.equal(r.statusCode, 200);
  assert.equal(r.text, '"é"');
  assert.equal(r.headers['x-kong-request-id'], 'r1');
  assert.equal(r.headers['content-type'], 'application/json');
});

test('a request body is sent with its length; a repeated header is an array', async () => {
  const r = await exchange(agent, req('/repeat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' }), new AbortController().signal);
  assert.equal(r.statusCode, 201);
  assert.equal(r.text, 'POST application/json 7');
  assert.deepEqual(r.headers['x-twice'], ['a', 'b']);
});

test('aborting the signal mid-body rejects with an AbortError; an aborted signal never sends', async () => {
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 50);
  await assert.rejects(exchange(agent, req('/stall'), ac.signal), { name: 'AbortError' });
  await assert.rejects(exchange(agent, req('/split'), ac.signal), { name: 'AbortError' });
});

test('a body timeout rejects with undici\'s code (what the retry policy reads)', async () => {
  await assert.rejects(exchange(agent, req('/stall', { bodyTimeout: 100 }), new AbortController().signal), { code: 'UND_ERR_BODY_TIMEOUT' });
});
