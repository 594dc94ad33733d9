import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMockTgi, generateText, streamEvents, type MockTgi, type RecordedRequest } from './index.js';

const TOKEN = 'hf_test_token_123';
let tgi: MockTgi;
let url: string;
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

before(async () => {
  tgi = createMockTgi({ token: TOKEN, keepAliveMs: 20 });
  url = await tgi.listen();
});
after(() => tgi.close());

describe('local TGI', () => {
  it('POST /generate returns text derived from the input, with details and token headers', async () => {
    const res = await fetch(`${url}/generate`, { method: 'POST', headers: auth, body: JSON.stringify({ inputs: 'one two three', parameters: { max_new_tokens: 4 } }) });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-generated-tokens'), '4');
    assert.equal(res.headers.get('x-prompt-tokens'), '3');
    const body = (await res.json()) as { generated_text: string; details: { generated_tokens: number; tokens: unknown[] } };
    assert.equal(body.generated_text, ' three two one three');
    assert.equal(body.generated_text, generateText('one two three', 4));
    assert.equal(body.details.generated_tokens, 4);
    assert.equal(body.details.tokens.length, 4);
  });

  it('POST /generate_stream sends data:{json} events with no space, no [DONE], details last', async () => {
    const res = await fetch(`${url}/generate_stream`, { method: 'POST', headers: auth, body: JSON.stringify({ inputs: 'a b', parameters: { max_new_tokens: 3 } }) });
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    const text = await res.text();
    const events = text.split('\n\n').filter((e) => e.startsWith('data:'));
    assert.equal(events.length, 3);
    for (const e of events) assert.match(e, /^data:\{/);
    assert.ok(!text.includes('[DONE]'));
    const last = JSON.parse(events[2]!.slice(5));
    assert.equal(last.generated_text, ' b a b');
    assert.deepEqual(last.details, { finish_reason: 'length', generated_tokens: 3, input_length: 2, seed: null });
    assert.equal(JSON.parse(events[0]!.slice(5)).generated_text, null);
    assert.deepEqual(events.map((e) => e.slice(5)), streamEvents({ inputs: 'a b', parameters: { max_new_tokens: 3 } }));
  });

  it('sends ":" keep-alive comments while idle between tokens', async () => {
    const res = await fetch(`${url}/generate_stream`, {
      method: 'POST',
      headers: { ...auth, 'x-mock-tgi-token-delay-ms': '70' },
      body: JSON.stringify({ inputs: 'x', parameters: { max_new_tokens: 2 } }),
    });
    const text = await res.text();
    assert.match(text, /^:\n\n/m);
  });

  it('answers 401 without the bearer token and never echoes the token in /__requests', async () => {
    const res = await fetch(`${url}/generate`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer nope' }, body: '{"inputs":"x"}' });
    assert.equal(res.status, 401);
    assert.match(((await res.json()) as { error: string }).error, /token seems invalid/);
    const list = (await (await fetch(`${url}/__requests`)).json()) as RecordedRequest[];
    const text = JSON.stringify(list);
    assert.ok(!text.includes(TOKEN));
    assert.equal(list.at(-1)!.authorization, 'invalid');
    assert.equal(list.at(-1)!.headers.authorization, '[redacted]');
    assert.ok(list.some((r) => r.authorization === 'valid'));
  });

  it('rejects bodies the way axum and TGI do', async () => {
    const post = (body: string, ct = 'application/json') => fetch(`${url}/generate`, { method: 'POST', headers: { ...auth, 'content-type': ct }, body });
    let r = await post('{"inputs":"x"}', 'text/plain');
    assert.equal(r.status, 415);
    r = await post('{bad');
    assert.equal(r.status, 400);
    assert.match(await r.text(), /Failed to parse the request body as JSON/);
    r = await post('{"parameters":{}}');
    assert.equal(r.status, 422);
    assert.match(await r.text(), /missing field `inputs`/);
    r = await post('{"inputs":"x","parameters":{"temperature":0}}');
    assert.equal(r.status, 422);
    assert.deepEqual(await r.json(), { error: 'Input validation error: `temperature` must be strictly positive', error_type: 'validation' });
  });

  it('serves fixture outcomes (503 model loading, 429 overloaded)', async () => {
    let r = await fetch(`${url}/generate`, { method: 'POST', headers: { ...auth, 'x-mock-tgi-outcome': 'model_loading' }, body: '{"inputs":"x"}' });
    assert.equal(r.status, 503);
    assert.match(((await r.json()) as { error: string }).error, /currently loading/);
    r = await fetch(`${url}/generate_stream`, { method: 'POST', headers: { ...auth, 'x-mock-tgi-outcome': 'overloaded' }, body: '{"inputs":"x"}' });
    assert.equal(r.status, 429);
    assert.deepEqual(await r.json(), { error: 'Model is overloaded', error_type: 'overloaded' });
  });

  it('chat completions, plain and streamed, and GET /info', async () => {
    const body = { model: 'tgi', messages: [{ role: 'user', content: 'hello world' }], max_tokens: 2 };
    let r = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
    const chat = (await r.json()) as { choices: { message: { content: string } }[]; usage: { completion_tokens: number } };
    assert.equal(chat.choices[0]!.message.content, ' world hello');
    assert.equal(chat.usage.completion_tokens, 2);
    r = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: auth, body: JSON.stringify({ ...body, stream: true }) });
    const text = await r.text();
    assert.ok(text.trimEnd().endsWith('data:[DONE]'));
    r = await fetch(`${url}/info`, { headers: auth });
    assert.equal(((await r.json()) as { model_id: string }).model_id, 'HuggingFaceTB/SmolVLM-Base');
  });

  it('records a stream the client abandoned as aborted', async () => {
    const ac = new AbortController();
    const res = await fetch(`${url}/generate_stream`, {
      method: 'POST',
      headers: { ...auth, 'x-mock-tgi-token-delay-ms': '30' },
      body: JSON.stringify({ inputs: 'abandon me', parameters: { max_new_tokens: 50 } }),
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    ac.abort();
    await new Promise((r) => setTimeout(r, 100));
    const list = (await (await fetch(`${url}/__requests`)).json()) as RecordedRequest[];
    const rec = list.findLast((x) => x.body.includes('abandon me'))!;
    assert.equal(rec.state, 'aborted');
    assert.ok(rec.eventsSent < 50);
  });
});
