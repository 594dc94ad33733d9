// Malformed and hostile input gets each vendor's own 400 (or its own error status), never a
// crash: every vendor path is sent bodies that are not JSON, JSON of the wrong shape, wrong
// types, and random bytes; the server must still answer afterwards.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect as connectH2 } from 'node:http2';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { rejection, startMock, type StartedMock } from './mock.test-helper.js';

let m: StartedMock;
before(async () => {
  m = await startMock({}); // no credentials: every request reaches the body checks
});
after(() => m.close());

/** Path, extra headers, and a check that the error body is the vendor's shape. */
const VENDORS: [string, string, Record<string, string>, (body: any) => boolean][] = [
  ['openai', '/v1/chat/completions', {}, (b) => b.error?.type === 'invalid_request_error' && typeof b.error.message === 'string'],
  ['openai completions', '/v1/completions', {}, (b) => b.error?.type === 'invalid_request_error'],
  ['openai embeddings', '/v1/embeddings', {}, (b) => b.error?.type === 'invalid_request_error'],
  ['azure', '/openai/deployments/d/chat/completions?api-version=2024-10-21', {}, (b) => typeof b.error?.message === 'string'],
  ['anthropic', '/v1/messages', { 'anthropic-version': '2023-06-01' }, (b) => b.type === 'error' && b.error?.type === 'invalid_request_error'],
  ['cohere v1', '/v1/chat', {}, (b) => typeof b.message === 'string'],
  ['cohere v2', '/v2/chat', {}, (b) => typeof b.message === 'string'],
  ['mistral', '/mistral/v1/chat/completions', {}, (b) => b.object === 'error' && typeof b.message === 'string'],
  ['gemini', '/v1beta/models/gemini-2.0-flash:generateContent', {}, (b) => b.error?.status === 'INVALID_ARGUMENT' && b.error.code === 400],
  ['bedrock', '/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse', {}, (b) => typeof b.message === 'string'],
  ['ollama', '/api/chat', {}, (b) => typeof b.error === 'string'],
  ['deepseek', '/deepseek/chat/completions', {}, (b) => b.error?.type === 'invalid_request_error'],
];

const BODIES: [string, string | Buffer][] = [
  ['not JSON', '{"messages": [1, 2'],
  ['empty', ''],
  ['null', 'null'],
  ['an array', '[]'],
  ['a string', '"hello"'],
  ['wrong types', '{"model": 5, "messages": "hi", "contents": 7, "message": [], "max_tokens": "many", "inferenceConfig": {"maxTokens": -1}}'],
  ['empty lists', '{"model": "m", "messages": [], "contents": [], "prompt": [], "input": []}'],
  ['deep nesting', `{"messages": ${'['.repeat(5000)}${']'.repeat(5000)}}`],
  ['random bytes', randomBytes(512)],
];

describe('hostile input: the vendor\'s 400, never a crash', () => {
  for (const [vendor, path, headers, shape] of VENDORS) {
    it(vendor, async () => {
      for (const [what, body] of BODIES) {
        if (vendor === 'ollama' && what === 'empty lists') continue; // Ollama loads the model (below)
        const res = await fetch(`${m.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
        const text = await res.text();
        assert.equal(res.status, 400, `${vendor}, ${what}: ${res.status} ${text}`);
        assert.ok(shape(JSON.parse(text)), `${vendor}, ${what}: not the vendor's error shape: ${text}`);
      }
    });
  }

  it('ollama: no messages loads the model (done_reason "load"), as Ollama does', async () => {
    const res = await fetch(`${m.url}/api/chat`, { method: 'POST', body: '{"model":"llama3.2","messages":[]}' });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { done_reason: string }).done_reason, 'load');
  });

  it('odd paths, methods and encodings are answered, and the server is still up', async () => {
    for (const [method, path] of [
      ['GET', '/v1/chat/completions'],
      ['POST', '/model/%E0%A4%A/converse'],
      ['POST', '/v1beta/models/%ZZ:generateContent'],
      ['DELETE', '/v1/messages'],
      ['POST', '/nope'],
      ['POST', '//v1/chat/completions'],
      ['PUT', '/__mock/nothing'],
    ] as const) {
      const res = await fetch(`${m.url}${path}`, { method, body: method === 'GET' ? null : '{}' });
      assert.ok(res.status >= 400 && res.status < 500, `${method} ${path}: ${res.status}`);
      await res.arrayBuffer();
    }
    const big = await fetch(`${m.url}/v1/chat/completions`, { method: 'POST', body: Buffer.alloc(17 * 1024 * 1024, 0x20) }).catch((e: Error) => e);
    if (!(big instanceof Error)) assert.equal(big.status, 413);
    const ok = await fetch(`${m.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'still here' }] }) });
    assert.equal(ok.status, 200);
  });
});

describe('hostile connections', () => {
  const send = (bytes: Buffer | string | undefined, reset: boolean) =>
    new Promise<void>((resolve) => {
      const s = connect(Number(new URL(m.url).port), '127.0.0.1', () => {
        if (bytes !== undefined) s.write(bytes);
        setTimeout(() => (reset ? s.resetAndDestroy() : s.end()), 20);
      });
      s.on('error', () => undefined);
      s.resume(); // read what the server answers, so its close is seen
      s.on('close', () => resolve());
    });

  it('reset before a byte, a broken HTTP/2 preface, HTTP/1 garbage, a reset mid-request: the server stays up', async () => {
    await send(undefined, true);
    await send('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n' + 'x'.repeat(100), false);
    await send('PRI garbage', true);
    await send(randomBytes(300), false);
    await send('POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n{"mod', true);
    await new Promise((r) => setTimeout(r, 50));
    const ok = await fetch(`${m.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'alive' }] }) });
    assert.equal(ok.status, 200);
  });
});

describe('clients that go away', () => {
  it('HTTP/1.1 and HTTP/2 streams abandoned mid-way are recorded as aborted; the server stays up', async () => {
    await m.clear();
    const body = JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'a b c d e f g h' }] });
    const ac = new AbortController();
    const res = await fetch(`${m.url}/v1/chat/completions`, { method: 'POST', headers: { 'x-mock-token-delay-ms': '50' }, body, signal: ac.signal });
    await res.body!.getReader().read();
    ac.abort();
    const session = connectH2(m.url);
    session.on('error', () => undefined);
    const req = session.request({ ':method': 'POST', ':path': '/model/m/converse-stream', 'x-mock-token-delay-ms': '50' });
    req.on('error', () => undefined);
    req.end(JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'a b c d e f g h' }] }] }));
    await new Promise((r) => req.once('data', r));
    req.close(); // RST_STREAM
    await new Promise((r) => setTimeout(r, 150));
    session.destroy();
    const recs = await m.requests();
    assert.deepEqual(recs.map((r) => [r.vendor, r.state]), [['openai', 'aborted'], ['bedrock', 'aborted']]);
    const ok = await fetch(`${m.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'alive' }] }) });
    assert.equal(ok.status, 200);
  });
});

describe('faults', () => {
  it('POST /__mock/fault queues faults for the next requests; DELETE clears them', async () => {
    const ask = () => fetch(`${m.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }] }) });
    assert.equal((await fetch(`${m.url}/__mock/fault`, { method: 'POST', body: '{"fault":"529","count":2}' })).status, 204);
    assert.equal((await ask()).status, 529);
    assert.equal((await ask()).status, 529);
    assert.equal((await ask()).status, 200);
    await fetch(`${m.url}/__mock/fault`, { method: 'POST', body: '{"fault":"500","count":5}' });
    await fetch(`${m.url}/__mock/fault`, { method: 'DELETE' });
    assert.equal((await ask()).status, 200);
    assert.equal((await fetch(`${m.url}/__mock/fault`, { method: 'POST', body: '{"fault":"sometimes"}' })).status, 400);
  });

  it('stall: no answer until the client gives up, recorded as aborted', async () => {
    await m.clear();
    const e = await rejection(() =>
      fetch(`${m.url}/v1/chat/completions`, { method: 'POST', headers: { 'x-mock-fault': 'stall' }, body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }] }), signal: AbortSignal.timeout(300) }),
    );
    assert.match(e.name, /TimeoutError|AbortError/);
    await new Promise((r) => setTimeout(r, 50));
    const [rec] = await m.requests();
    assert.equal(rec!.state, 'aborted');
  });

  it('each vendor answers 429 and 500 with its own body', async () => {
    for (const [vendor, path, headers, shape] of VENDORS) {
      for (const status of [429, 500]) {
        const res = await fetch(`${m.url}${path}`, { method: 'POST', headers: { ...headers, 'x-mock-fault': String(status) }, body: '{}' });
        assert.equal(res.status, status, vendor);
        const b = (await res.json()) as any;
        const ok = vendor.startsWith('gemini') ? b.error?.code === status : vendor.startsWith('anthropic') ? b.type === 'error' : vendor === 'mistral' ? typeof b.message === 'string' : shape(b) || typeof b.message === 'string' || typeof b.error?.message === 'string';
        assert.ok(ok, `${vendor} ${status}: ${JSON.stringify(b)}`);
      }
    }
  });
});
