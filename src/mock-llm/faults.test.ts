// The faults a gateway's failover is tested against, each produced for real over HTTP: a
// connection closed before any answer, an answer that never comes (stream or not), a response
// head that is not HTTP, 200 headers then a dead connection, 429 with Retry-After; and faults
// scoped to one model, so one mock process serves several targets that fail independently.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { parseFaultRule } from './faults.js';
import { rejection, startMock, type StartedMock } from './mock.test-helper.js';

let m: StartedMock;
before(async () => {
  m = await startMock({});
});
after(() => m.close());

const chat = (model: string, extra: Record<string, unknown> = {}) => JSON.stringify({ model, messages: [{ role: 'user', content: 'one two three' }], ...extra });

function ask(model: string, fault?: string, extra: Record<string, unknown> = {}, timeoutMs = 2000) {
  return request(`${m.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(fault !== undefined ? { 'x-mock-fault': fault } : {}) },
    body: chat(model, extra),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
}

const codeOf = (e: Error) => (e as { code?: string }).code ?? '';

describe('connection faults', () => {
  it('reset: the connection closes after the request, without a byte of answer', async () => {
    await m.clear();
    const e = await rejection(() => ask('a', 'reset'));
    assert.match(codeOf(e), /UND_ERR_SOCKET|ECONNRESET/, `${codeOf(e)} ${e.message}`);
    const [rec] = await m.requests();
    assert.equal(rec!.json && (rec!.json as { model: string }).model, 'a', 'the request was read whole first');
  });

  it('hang: no headers, streamed or not (unlike stall, which starts a stream)', async () => {
    for (const stream of [false, true]) {
      const e = await rejection(() => ask('a', 'hang', { stream }, 300));
      assert.equal(codeOf(e), 'UND_ERR_HEADERS_TIMEOUT', `stream ${stream}`);
    }
    const started = await ask('a', 'stall', { stream: true }, 300);
    assert.equal(started.statusCode, 200, 'stall sends a stream its headers');
    await rejection(() => started.body.text());
  });

  it('invalid-header: the response head is not HTTP', async () => {
    const e = await rejection(() => ask('a', 'invalid-header'));
    assert.equal(e.name, 'HTTPParserError', `${e.name} ${e.message}`);
  });

  it('cut-after-headers: 200 arrives, then the connection dies before any body byte', async () => {
    const res = await ask('a', 'cut-after-headers');
    assert.equal(res.statusCode, 200);
    const e = await rejection(() => res.body.text());
    assert.match(codeOf(e), /UND_ERR_SOCKET|ECONNRESET/, `${codeOf(e)} ${e.message}`);
  });

  it('429 carries Retry-After', async () => {
    const res = await ask('a', '429');
    assert.equal(res.statusCode, 429);
    assert.equal(res.headers['retry-after'], '1');
    await res.body.dump();
  });
});

describe('faults scoped to a model', () => {
  it('the header: only the named model fails; the first applying rule of a list wins', async () => {
    const statuses = async (fault: string) => Promise.all(['a', 'b', 'c'].map(async (model) => {
      const res = await ask(model, fault);
      await res.body.dump();
      return res.statusCode;
    }));
    assert.deepEqual(await statuses('429@b'), [200, 429, 200]);
    assert.deepEqual(await statuses('500@c, 503@a, 404'), [503, 404, 500]);
    assert.deepEqual(await statuses('nonsense@a, 429@zzz'), [200, 200, 200], 'bad and non-matching rules are ignored');
  });

  it("a model in the path (Gemini's models/<model>:…) is matched too", async () => {
    const path = '/v1beta/models/gemini-x:generateContent';
    const body = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
    const hit = await request(`${m.url}${path}`, { method: 'POST', headers: { 'x-mock-fault': '503@gemini-x' }, body });
    const miss = await request(`${m.url}${path}`, { method: 'POST', headers: { 'x-mock-fault': '503@gemini-y' }, body });
    assert.deepEqual([hit.statusCode, miss.statusCode], [503, 200]);
    await Promise.all([hit.body.dump(), miss.body.dump()]);
  });

  it('POST /__mock/fault with a model: queued faults are consumed only by that model', async () => {
    const post = (spec: unknown) => fetch(`${m.url}/__mock/fault`, { method: 'POST', body: JSON.stringify(spec) });
    assert.equal((await post({ fault: '500', count: 2, model: 'b' })).status, 204);
    const seq: number[] = [];
    for (const model of ['a', 'b', 'a', 'b', 'b']) {
      const res = await ask(model);
      await res.body.dump();
      seq.push(res.statusCode);
    }
    assert.deepEqual(seq, [200, 500, 200, 500, 200]);
    assert.equal((await post({ fault: '500', model: '' })).status, 400);
    assert.equal((await post({ fault: '500', model: 7 })).status, 400);
  });

  it('parseFaultRule names what is wrong', () => {
    assert.deepEqual(parseFaultRule('429@gpt-b'), { fault: { kind: 'status', status: 429 }, model: 'gpt-b' });
    assert.deepEqual(parseFaultRule(' reset '), { fault: { kind: 'reset' }, model: null });
    assert.match(parseFaultRule('429@') as string, /model after "@" is empty/);
    assert.match(parseFaultRule('teapot@x') as string, /unknown fault "teapot"/);
  });
});
