// Hugging Face through mock-llm: relayed to the local TGI (src/testing/tgi). The openai SDK on
// TGI's and the hosted Inference API's chat paths; TGI's native /generate and /generate_stream.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { createMockTgi, generateText, type MockTgi } from '../../testing/tgi/index.js';
import { rejection, startMock, type StartedMock } from '../mock.test-helper.js';

const TOKEN = 'hf_mock_token_123';
let tgi: MockTgi;
let m: StartedMock;

before(async () => {
  tgi = createMockTgi({ token: TOKEN });
  m = await startMock({ keys: { huggingface: TOKEN }, huggingfaceUrl: await tgi.listen(0, '127.0.0.1') });
});
after(async () => {
  await m.close();
  await tgi.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${m.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('mock-llm (huggingface) → the local TGI', () => {
  it("/generate and /generate_stream at the root and under /huggingface/: TGI's text and events", async () => {
    await m.clear();
    const r = await post('/generate', { inputs: 'one two three', parameters: { max_new_tokens: 4 } });
    assert.equal(r.status, 200);
    assert.equal(((await r.json()) as { generated_text: string }).generated_text, generateText('one two three', 4));
    const s = await post('/huggingface/generate_stream', { inputs: 'a b', parameters: { max_new_tokens: 3 } });
    assert.equal(s.headers.get('content-type'), 'text/event-stream');
    const events = (await s.text()).split('\n\n').filter((e) => e.startsWith('data:'));
    assert.equal(events.length, 3);
    const recs = await m.requests();
    assert.deepEqual(recs.map((x) => [x.vendor, x.operation, x.auth, x.status]), [['huggingface', 'generate', 'valid', 200], ['huggingface', 'generate_stream', 'valid', 200]]);
  });

  it('the openai SDK on TGI\'s /v1/chat/completions and the hosted /models/{model}/v1/chat/completions', async () => {
    for (const base of ['/huggingface/v1', '/models/HuggingFaceTB/SmolLM3-3B/v1']) {
      const c = new OpenAI({ apiKey: TOKEN, baseURL: `${m.url}${base}`, maxRetries: 0 });
      const r = await c.chat.completions.create({ model: 'tgi', max_tokens: 3, messages: [{ role: 'user', content: 'x y' }] });
      assert.equal(r.choices[0]!.message.content, generateText('x y', 3));
      let text = '';
      for await (const chunk of await c.chat.completions.create({ model: 'tgi', max_tokens: 2, stream: true, messages: [{ role: 'user', content: 'x y' }] })) text += chunk.choices[0]?.delta.content ?? '';
      assert.equal(text, generateText('x y', 2));
    }
  });

  it("a wrong token gets the TGI's 401; faults: 429, 503 loading, cut-mid-stream", async () => {
    const bad = await fetch(`${m.url}/generate`, { method: 'POST', headers: { authorization: 'Bearer hf_wrong', 'content-type': 'application/json' }, body: '{"inputs":"x"}' });
    assert.equal(bad.status, 401);
    const c = new OpenAI({ apiKey: TOKEN, baseURL: `${m.url}/huggingface/v1`, maxRetries: 0 });
    const e = await rejection(() => c.chat.completions.create({ model: 'tgi', messages: [{ role: 'user', content: 'hi' }] }, { headers: { 'x-mock-fault': '429' } }));
    assert.ok(e instanceof OpenAI.RateLimitError, String(e));
    const loading = await post('/generate', { inputs: 'x' }, { 'x-mock-fault': '503' });
    assert.equal(loading.status, 503);
    assert.equal(((await loading.json()) as { estimated_time: number }).estimated_time, 20);
    await rejection(async () => {
      const s = await post('/generate_stream', { inputs: 'a b c d e f', parameters: { max_new_tokens: 6 } }, { 'x-mock-fault': 'cut-mid-stream' });
      await s.text();
    });
  });

  it('stream-error: TGI\'s error event after two tokens, on /generate_stream and on the chat stream alike (the openai SDK raises)', async () => {
    const g = await (await post('/generate_stream', { inputs: 'a b c d', parameters: { max_new_tokens: 4 } }, { 'x-mock-fault': 'stream-error' })).text();
    const c = new OpenAI({ apiKey: TOKEN, baseURL: `${m.url}/huggingface/v1`, maxRetries: 0 });
    const raw = await (await post('/huggingface/v1/chat/completions', { model: 'tgi', max_tokens: 4, stream: true, messages: [{ role: 'user', content: 'a b c d' }] }, { 'x-mock-fault': 'stream-error' })).text();
    for (const text of [g, raw]) {
      const events = text.split('\n\n').filter((e) => e.startsWith('data:'));
      assert.equal(events.length, 3, text);
      assert.deepEqual(JSON.parse(events[2]!.slice(5)), { error: 'Request failed during generation: Server error: CUDA out of memory', error_type: 'generation' });
    }
    const stream = await c.chat.completions.create({ model: 'tgi', max_tokens: 4, stream: true, messages: [{ role: 'user', content: 'a b c d' }] }, { headers: { 'x-mock-fault': 'stream-error' } });
    await assert.rejects(async () => {
      for await (const _ of stream) void _;
    }, /CUDA out of memory/);
  });
});
