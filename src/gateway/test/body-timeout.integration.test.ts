// Issue 12 item 6 over real HTTP through bin/ai-gateway: Kong's client_body_timeout (nginx
// semantics: the longest wait between two reads of the body) answers a stalled body with Kong's
// 408 instead of holding it, and does not cut off a body that is slow but steady. The gateway
// runs with --client-body-timeout 2s; chunks of the steady body come every 0.5 s (4x margin for
// a loaded machine) for 4 s in all, twice the timeout.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { StartedProcess } from '../../testing/tgi/index.js';
import { startGatewayProcess, tempFile } from './harness.js';
import { startRecordingUpstream, type RecordingUpstream } from './recording-upstream.js';

const TIMEOUT_MS = 2000;
const CONFIG = `_format_version: "3.0"
services:
  - name: plain
    url: \${{ env "DECK_UPSTREAM_URL" }}/plain-upstream
    routes:
      - { name: plain, paths: [/plain] }
  - name: s
    url: http://localhost:8080
    routes:
      - name: native
        paths: [/native]
        plugins:
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              llm_format: huggingface
              auth: { header_name: Authorization, header_value: Bearer hf_body_timeout }
              model: { provider: huggingface, name: m, options: { upstream_url: "\${{ env "DECK_UPSTREAM_URL" }}" } }
`;

let upstream: RecordingUpstream;
let gw: StartedProcess;
let PORT: number;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Answer {
  readonly text: string;
  /** ms from the last byte the client wrote to the end of the answer (or the close). */
  readonly afterLastWrite: number;
}

/** Opens a socket, runs `write` on it, and resolves with everything read once the gateway closes it. */
function exchange(write: (s: Socket, mark: () => void) => Promise<void>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let last = performance.now();
    let text = '';
    const s = connect(PORT, '127.0.0.1', () => void write(s, () => (last = performance.now())).catch(reject));
    s.on('data', (d: Buffer) => (text += d.toString('latin1')));
    s.on('error', () => {});
    s.on('close', () => resolve({ text, afterLastWrite: performance.now() - last }));
    setTimeout(() => s.destroy(), 30_000).unref();
  });
}

const head = (path: string, extra: string) => `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${extra}\r\n`;

function assert408(a: Answer) {
  assert.match(a.text, /^HTTP\/1\.1 408 /, a.text);
  assert.match(a.text, /\r\nconnection: close\r\n/i);
  const body = JSON.parse(a.text.slice(a.text.indexOf('\r\n\r\n') + 4)) as { message: string; request_id: string };
  assert.equal(body.message, 'Request timeout');
  assert.match(body.request_id, /^[0-9a-f]{32}$/);
  // Within the timeout plus a generous margin — not Node's 300 s, not never.
  assert.ok(a.afterLastWrite >= TIMEOUT_MS - 100, `answered after ${a.afterLastWrite.toFixed(0)} ms, before the timeout`);
  assert.ok(a.afterLastWrite < TIMEOUT_MS + 5000, `answered after ${a.afterLastWrite.toFixed(0)} ms`);
}

before(async () => {
  upstream = await startRecordingUpstream();
  gw = await startGatewayProcess(tempFile('kong.yaml', CONFIG), { DECK_UPSTREAM_URL: upstream.url }, 1, ['--client-body-timeout', `${TIMEOUT_MS}ms`]);
  PORT = Number(new URL(gw.listeners.get('proxy')!).port);
});

after(async () => {
  await gw?.kill();
  await upstream?.close();
});

describe('client_body_timeout', () => {
  const body = '{"inputs":"a body that arrives in pieces","parameters":{"max_new_tokens":1}}';

  for (const path of ['/native/generate', '/plain/x']) {
    it(`${path}: headers and half a body, then nothing → Kong's 408 within the timeout; the upstream is never called`, async () => {
      const before = upstream.arrived.length;
      const a = await exchange(async (s, mark) => {
        s.write(head(path, `Content-Length: ${body.length}\r\n`) + body.slice(0, body.length / 2));
        mark();
      });
      assert408(a);
      assert.equal(upstream.arrived.length, before);
    });
  }

  it('headers announcing a body, then no byte of it → 408', async () => {
    const a = await exchange(async (s, mark) => {
      s.write(head('/native/generate', `Content-Length: ${body.length}\r\n`));
      mark();
    });
    assert408(a);
  });

  it('a slow but steady body (a chunk every 0.5 s, 4 s in all) is read to the end and proxied', async () => {
    const before = upstream.arrived.length;
    const pieces = body.match(/.{1,10}/g)!; // 8 pieces
    assert.equal(pieces.length, 8);
    const started = performance.now();
    const a = await exchange(async (s, mark) => {
      s.write(head('/native/generate', 'Transfer-Encoding: chunked\r\nConnection: close\r\n'));
      for (const p of pieces) {
        await sleep(500);
        s.write(`${p.length.toString(16)}\r\n${p}\r\n`);
        mark();
      }
      s.write('0\r\n\r\n');
    });
    assert.ok(performance.now() - started > 2 * TIMEOUT_MS, 'the body took longer than the timeout in all');
    assert.match(a.text, /^HTTP\/1\.1 200 /, a.text);
    assert.equal(upstream.arrived.length, before + 1);
    assert.equal(upstream.arrived.at(-1)!.body, body);
  });
});
