// Issue 12 item 5 over real HTTP through bin/ai-gateway: under a header flood the injected
// credential is the first header the upstream sees and no client copy of the auth header gets
// through; a header section over nginx's limits (one line > 8 KB, all > 32 KB) is Kong's 431 —
// whether the proxy or Node's own parser catches it — and the upstream is never called.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RecordedRequest, StartedProcess } from '../../testing/tgi/index.js';
import { startGatewayProcess, startTgi, tempFile, TOKEN } from './harness.js';
import { sendAsIs, sendRaw, startRecordingUpstream, type ArrivedRequest, type RecordingUpstream } from './recording-upstream.js';

const AI = (path: string, upstream: string, auth: string, extra = '') => `      - name: r${path.slice(1)}
        paths: [${path}]
        plugins:
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              ${extra}
              auth: { ${auth} }
              model: { provider: huggingface, name: m, options: { upstream_url: "${upstream}" } }
`;
const NATIVE = 'llm_format: huggingface';
const CONFIG = `_format_version: "3.0"
services:
  - name: s
    url: http://localhost:8080
    routes:
${AI('/native', '${{ env "DECK_UPSTREAM_URL" }}', 'header_name: Authorization, header_value: Bearer hf_injected_flood', NATIVE)}
${AI('/custom', '${{ env "DECK_UPSTREAM_URL" }}', 'header_name: X-Api-Key, header_value: injected-key', NATIVE)}
${AI('/override', '${{ env "DECK_UPSTREAM_URL" }}', 'header_name: Authorization, header_value: Bearer hf_injected_flood, allow_override: true', NATIVE)}
${AI('/openai', '${{ env "DECK_UPSTREAM_URL" }}', 'header_name: Authorization, header_value: Bearer hf_injected_flood, allow_override: true')}
${AI('/tgi', '${{ env "DECK_TGI_URL" }}', `header_name: Authorization, header_value: Bearer ${TOKEN}`, NATIVE)}
`;

let upstream: RecordingUpstream;
let tgi: StartedProcess;
let gw: StartedProcess;
let GW: string;
let PORT: number;
const GENERATE = '{"inputs":"flood","parameters":{"max_new_tokens":1}}';

/** ~1,000 small client headers: about 11 KB on the wire. */
const FLOOD: [string, string][] = Array.from({ length: 1000 }, (_, i) => [`x-f${i}`, String(i)]);

const named = (r: ArrivedRequest, name: string) => r.headers.filter(([n]) => n.toLowerCase() === name);

async function post(path: string, headers: [string, string][], body = GENERATE) {
  const before = upstream.arrived.length;
  const res = await sendAsIs(GW, path, { headers: [['content-type', 'application/json'], ...headers], body });
  return { res, got: upstream.arrived.slice(before) };
}

/** A raw request whose header section (request line to the blank line) is exactly `size` bytes. */
function requestOfSize(size: number, path = '/native/generate'): string {
  const start = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${PORT}\r\nContent-Type: application/json\r\nContent-Length: ${GENERATE.length}\r\nConnection: close\r\n`;
  let head = start;
  let left = size - start.length - 2;
  for (let i = 0; left > 0; i++) {
    const prefix = `X-Pad-${String(i).padStart(3, '0')}: `;
    const line = Math.min(left, 4000);
    if (line - prefix.length - 2 < 1) throw new Error('size not reachable');
    head += `${prefix}${'p'.repeat(line - prefix.length - 2)}\r\n`;
    left -= line;
  }
  head += '\r\n';
  assert.equal(head.length, size);
  return head + GENERATE;
}

function assert431(r: { status: number; head: string; body: string }) {
  assert.equal(r.status, 431, r.head);
  assert.match(r.head, /\r\ncontent-type: application\/json; charset=utf-8/i);
  assert.match(r.head, /\r\nconnection: close/i);
  const body = JSON.parse(r.body) as { message: string; request_id: string };
  assert.equal(body.message, 'Request header or cookie too large');
  assert.match(body.request_id, /^[0-9a-f]{32}$/);
}

before(async () => {
  upstream = await startRecordingUpstream();
  tgi = await startTgi();
  gw = await startGatewayProcess(tempFile('kong.yaml', CONFIG), { DECK_UPSTREAM_URL: upstream.url, DECK_TGI_URL: tgi.listeners.get('mock-tgi')! });
  GW = gw.listeners.get('proxy')!;
  PORT = Number(new URL(GW).port);
});

after(async () => {
  await Promise.all([gw?.kill(), tgi?.kill()]);
  await upstream?.close();
});

describe('the injected credential under a header flood', () => {
  it('~1,000 client headers: every one arrives, the injected Authorization is first, no client copy', async () => {
    const clientCopies: [string, string][] = [['Authorization', 'Bearer client-1'], ['AUTHORIZATION', 'Bearer client-2'], ['authorization', 'Bearer client-3']];
    const { res, got } = await post('/native/generate', [...FLOOD, ...clientCopies]);
    assert.equal(res.status, 200, res.body);
    assert.equal(got.length, 1);
    const r = got[0]!;
    assert.deepEqual(named(r, 'authorization').map(([, v]) => v), ['Bearer hf_injected_flood']);
    const first = r.headers.findIndex(([n]) => !['host', 'connection'].includes(n.toLowerCase()));
    assert.equal(r.headers[first]![0].toLowerCase(), 'authorization', `first headers: ${JSON.stringify(r.headers.slice(0, 4))}`);
    for (const [name, value] of FLOOD) assert.deepEqual(named(r, name), [[name, value]], `${name} lost`);
  });

  it('a custom auth header (X-Api-Key): every client copy, in any case, is replaced by the injected one', async () => {
    const { res, got } = await post('/custom/generate', [...FLOOD, ['X-API-KEY', 'client-a'], ['x-api-key', 'client-b']]);
    assert.equal(res.status, 200, res.body);
    assert.deepEqual(named(got[0]!, 'x-api-key').map(([, v]) => v), ['injected-key']);
    assert.equal(got[0]!.headers.findIndex(([n]) => n.toLowerCase() === 'x-api-key') <= 2, true);
  });

  it('the local TGI (Node, keeps only the first 1,000 headers) gets a valid token, not a 401', async () => {
    const before = Date.now();
    const res = await sendAsIs(GW, '/tgi/generate', { headers: [['content-type', 'application/json'], ...FLOOD, ['authorization', 'Bearer client']], body: GENERATE });
    assert.equal(res.status, 200, res.body);
    const recorded = (await (await fetch(`${tgi.listeners.get('mock-tgi')}/__requests`)).json()) as RecordedRequest[];
    const mine = recorded.filter((r) => r.receivedAt >= before - 1000 && r.body === GENERATE);
    assert.equal(mine.at(-1)?.authorization, 'valid');
  });

  it('allow_override (native format): the client’s own Authorization is kept; without one the injected is sent', async () => {
    const own = await post('/override/generate', [['Authorization', 'Bearer client-own']]);
    assert.equal(own.res.status, 200, own.res.body);
    assert.deepEqual(named(own.got[0]!, 'authorization').map(([, v]) => v), ['Bearer client-own']);
    const none = await post('/override/generate', []);
    assert.deepEqual(named(none.got[0]!, 'authorization').map(([, v]) => v), ['Bearer hf_injected_flood']);
  });

  it('allow_override in the OpenAI format: Kong’s HF driver sets the header unconditionally', async () => {
    const { got } = await post('/openai', [['Authorization', 'Bearer client-own']], '{"messages":[{"role":"user","content":"hi"}]}');
    assert.equal(got.length, 1);
    assert.deepEqual(named(got[0]!, 'authorization').map(([, v]) => v), ['Bearer hf_injected_flood']);
  });
});

describe('header section limits (nginx large_client_header_buffers 4 8k)', () => {
  it('exactly 32 KB of header section is proxied (above Node’s default 16 KB)', async () => {
    const before = upstream.arrived.length;
    const r = await sendRaw(GW, requestOfSize(32 * 1024));
    assert.equal(r.status, 200, r.head);
    assert.equal(upstream.arrived.length, before + 1);
  });

  it('one byte more is Kong’s 431, and the upstream is never called', async () => {
    const before = upstream.arrived.length;
    assert431(await sendRaw(GW, requestOfSize(32 * 1024 + 1)));
    assert.equal(upstream.arrived.length, before);
  });

  it('far over Node’s own parser limit (100 KB) gets the same 431 body, not Node’s bare one', async () => {
    const before = upstream.arrived.length;
    assert431(await sendRaw(GW, requestOfSize(100 * 1024)));
    assert431(await sendRaw(GW, `GET /native/generate HTTP/1.1\r\nHost: x\r\nX-Huge: ${'h'.repeat(200 * 1024)}\r\n\r\n`));
    assert.equal(upstream.arrived.length, before);
  });

  it('a single header line of 8 KB is proxied; 8 KB + 1 is a 431', async () => {
    const line = (n: number) => `X-Big: ${'b'.repeat(n - 'X-Big: '.length - 2)}`; // n bytes with its CRLF
    const head = (n: number) => `POST /native/generate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${GENERATE.length}\r\nConnection: close\r\n${line(n)}\r\n\r\n${GENERATE}`;
    const before = upstream.arrived.length;
    assert.equal((await sendRaw(GW, head(8 * 1024))).status, 200);
    assert.equal(upstream.arrived.length, before + 1);
    assert431(await sendRaw(GW, head(8 * 1024 + 1)));
    assert.equal(upstream.arrived.length, before + 1);
  });

  it('a request Node cannot parse gets Kong’s 400 body too', async () => {
    const r = await sendRaw(GW, 'BROKEN\r\n\r\n');
    assert.equal(r.status, 400, r.head);
    assert.equal((JSON.parse(r.body) as { message: string }).message, 'Bad request');
  });

  it('the gateway keeps serving afterwards', async () => {
    const { res } = await post('/native/generate', []);
    assert.equal(res.status, 200);
  });
});
