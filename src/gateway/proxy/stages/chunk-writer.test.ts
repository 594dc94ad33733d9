import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { ChunkWriter } from './chunk-writer.js';

type Script = (res: ServerResponse, write: (data: string | Buffer, headersOut: boolean) => boolean) => Promise<void>;

/** The raw bytes a client receives for `requests` (sent at once on one connection), the response body written by `script`. */
async function wire(viaChunkWriter: boolean, script: Script, requests: string): Promise<string> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', date: 'Thu, 01 Jan 2026 00:00:00 GMT' });
    const writer = new ChunkWriter(res);
    void script(res, (data, headersOut) => (viaChunkWriter ? writer.write(data, headersOut) : res.write(data))).then(() => res.end(req.url === '/last' ? 'bye' : undefined));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.write(requests);
    await new Promise<void>((r) => socket.on('end', () => r()));
    return Buffer.concat(chunks).toString('latin1');
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

const tick = () => new Promise<void>((r) => setImmediate(r));
const events: Script = async (_res, write) => {
  write('data: {"first":true}\n\n', false); // headers go with the first write, through Node
  await tick();
  write('data: {"text":"héllo ✓"}\n\n', true); // non-ASCII: the size line counts bytes
  write(Buffer.from('data: {"raw":1}\n\n'), true);
  write('', true); // nothing: an empty chunk would end the body
  await tick();
  write('data: [DONE]\n\n', true);
};

test('chunks written to the socket are byte for byte what res.write sends (HTTP/1.1, keep-alive, pipelined, then HTTP/1.0)', async () => {
  const http11 = 'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\nPOST /last HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';
  const viaNode = await wire(false, events, http11);
  const direct = await wire(true, events, http11);
  assert.equal(direct, viaNode);
  assert.match(direct, /transfer-encoding: chunked/i);
  assert.equal(direct.split('data: [DONE]').length, 3, 'both pipelined responses complete');
  assert.ok(direct.includes(`${Buffer.byteLength('data: {"text":"héllo ✓"}\n\n').toString(16)}\r\n`));

  const http10 = 'POST /last HTTP/1.0\r\nHost: x\r\nContent-Length: 0\r\n\r\n';
  const node10 = await wire(false, events, http10);
  assert.equal(await wire(true, events, http10), node10);
  assert.doesNotMatch(node10, /chunked/i, 'HTTP/1.0: no chunked framing, and none added');
});

test('a full socket is reported and its drain resumes', async () => {
  let drained = false;
  let sawFull = false;
  const big = `data: ${'x'.repeat(64 * 1024)}\n\n`;
  const script: Script = async (res, write) => {
    const writer = new ChunkWriter(res);
    write('data: {}\n\n', false);
    for (let i = 0; i < 64 && !sawFull; i++) if (!writer.write(big, true)) sawFull = true;
    await new Promise<void>((r) => writer.onDrain(() => ((drained = true), r())));
  };
  const body = await wire(true, script, 'POST /last HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  assert.ok(sawFull, 'a 64 KiB chunk at a time fills the socket buffer');
  assert.ok(drained);
  assert.ok(body.endsWith('3\r\nbye\r\n0\r\n\r\n'));
});
