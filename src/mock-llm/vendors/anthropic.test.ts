// @anthropic-ai/sdk as the client, straight against the mock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { rejection, startMock, type StartedMock } from '../mock.test-helper.js';

const KEY = 'sk-ant-mock-123';
let m: StartedMock;
let client: Anthropic;

before(async () => {
  m = await startMock({ keys: { anthropic: KEY } });
  client = new Anthropic({ apiKey: KEY, baseURL: m.url, maxRetries: 0 });
});
after(() => m.close());

const ask = (content: string, max_tokens = 64) => ({ model: 'claude-sonnet-4-5', max_tokens, system: 'be brief', messages: [{ role: 'user' as const, content }] });

describe('@anthropic-ai/sdk → mock-llm (anthropic)', () => {
  it('messages.create: text, usage, stop_reason end_turn; max_tokens cuts with stop_reason max_tokens', async () => {
    await m.clear();
    const r = await client.messages.create(ask('one two three'));
    assert.equal(r.type, 'message');
    assert.equal(r.role, 'assistant');
    assert.equal(r.model, 'claude-sonnet-4-5');
    assert.deepEqual(r.content, [{ type: 'text', text: ' three two one' }]);
    assert.equal(r.stop_reason, 'end_turn');
    assert.equal(r.usage.input_tokens, 5);
    assert.equal(r.usage.output_tokens, 3);
    const cut = await client.messages.create(ask('one two three', 1));
    assert.equal(cut.stop_reason, 'max_tokens');
    assert.deepEqual(cut.content, [{ type: 'text', text: ' three' }]);
    const [rec] = await m.requests();
    assert.equal(rec!.vendor, 'anthropic');
    // SDK 1.x sends the API key as `Authorization: Bearer`; the API also takes `x-api-key` (below).
    assert.equal(rec!.headers.authorization, `Bearer ${KEY}`);
    assert.equal(typeof rec!.headers['anthropic-version'], 'string');
  });

  it('messages.stream(): every event type in order, finalMessage with usage and stop_reason', async () => {
    const s = client.messages.stream(ask('a b c d'));
    const types: string[] = [];
    s.on('streamEvent', (e) => types.push(e.type));
    const final = await s.finalMessage();
    assert.deepEqual(final.content, [{ type: 'text', text: ' d c b a', citations: undefined }].map(({ type, text }) => ({ type, text })));
    assert.equal(final.stop_reason, 'end_turn');
    assert.equal(final.usage.input_tokens, 6);
    assert.equal(final.usage.output_tokens, 4);
    assert.deepEqual(types, ['message_start', 'content_block_start', ...Array(4).fill('content_block_delta'), 'content_block_stop', 'message_delta', 'message_stop']);
  });

  it('raw stream: true iteration yields the text deltas', async () => {
    let text = '';
    for await (const e of await client.messages.create({ ...ask('x y'), stream: true })) {
      if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') text += e.delta.text;
    }
    assert.equal(text, ' y x');
  });

  it("the SDK's error classes: 401, 429, 500, 529 OverloadedError, 400 (max_tokens missing)", async () => {
    const bad = new Anthropic({ apiKey: 'nope', baseURL: m.url, maxRetries: 0 });
    const e401 = await rejection(() => bad.messages.create(ask('hi')));
    assert.ok(e401 instanceof Anthropic.AuthenticationError, String(e401));
    assert.equal((e401 as InstanceType<typeof Anthropic.APIError>).error?.['error' as never]?.['type' as never], 'authentication_error');
    const fault = (f: string) => ({ headers: { 'x-mock-fault': f } });
    assert.ok((await rejection(() => client.messages.create(ask('hi'), fault('429')))) instanceof Anthropic.RateLimitError);
    assert.ok((await rejection(() => client.messages.create(ask('hi'), fault('500')))) instanceof Anthropic.InternalServerError);
    const e529 = await rejection(() => client.messages.create(ask('hi'), fault('529')));
    assert.ok(e529 instanceof Anthropic.InternalServerError);
    assert.equal(e529.constructor.name, 'OverloadedError');
    assert.equal((e529 as InstanceType<typeof Anthropic.APIError>).status, 529);
    const e400 = await rejection(() => client.messages.create({ model: 'c', messages: [{ role: 'user', content: 'hi' }] } as never));
    assert.ok(e400 instanceof Anthropic.BadRequestError, String(e400));
    assert.match(e400.message, /max_tokens/);
  });

  it('an `event: error` frame mid-stream throws; a cut stream fails', async () => {
    const e = await rejection(() => client.messages.stream(ask('a b c d e'), { headers: { 'x-mock-fault': 'stream-error' } }).finalMessage());
    assert.ok(e instanceof Anthropic.APIError, String(e));
    assert.match(e.message, /Overloaded/);
    await rejection(() => client.messages.stream(ask('a b c d e'), { headers: { 'x-mock-fault': 'cut-mid-stream' } }).finalMessage());
  });

  it('tool use: tool_choice any gives a tool_use block, whole and streamed (input_json_delta)', async () => {
    const tools = [{ name: 'get_weather', input_schema: { type: 'object' as const, properties: { location: { type: 'string' } } } }];
    const r = await client.messages.create({ ...ask('Paris please'), tools, tool_choice: { type: 'any' } });
    assert.equal(r.stop_reason, 'tool_use');
    assert.deepEqual(r.content.map((b) => (b.type === 'tool_use' ? [b.name, b.input] : b.type)), [['get_weather', { location: 'Paris please' }]]);
    const final = await client.messages.stream({ ...ask('get_weather in Oslo'), tools }).finalMessage();
    assert.equal(final.stop_reason, 'tool_use');
    const block = final.content[0]!;
    assert.ok(block.type === 'tool_use');
    assert.deepEqual(block.input, { location: 'get_weather in Oslo' });
  });

  it('messages.countTokens', async () => {
    const r = await client.messages.countTokens({ model: 'c', system: 'one', messages: [{ role: 'user', content: 'two three' }] });
    assert.equal(r.input_tokens, 3);
  });

  it('x-api-key works too; a missing anthropic-version header is a 400 invalid_request_error', async () => {
    const res = await fetch(`${m.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': KEY }, body: JSON.stringify(ask('x')) });
    assert.equal(res.status, 400);
    const ok = await fetch(`${m.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' }, body: JSON.stringify(ask('x')) });
    assert.equal(ok.status, 200);
    const wrong = await fetch(`${m.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'other', 'anthropic-version': '2023-06-01' }, body: JSON.stringify(ask('x')) });
    assert.equal(wrong.status, 401);
    assert.deepEqual(((await res.json()) as { error: unknown }).error, { type: 'invalid_request_error', message: 'anthropic-version: header is required' });
  });
});
