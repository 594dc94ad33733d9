// @mistralai/mistralai as the client, straight against the mock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Mistral } from '@mistralai/mistralai';
import { rejection, startMock, type StartedMock } from '../mock.test-helper.js';

const KEY = 'mistral-mock-key';
let m: StartedMock;
let client: Mistral;

before(async () => {
  m = await startMock({ key: KEY });
  client = new Mistral({ apiKey: KEY, serverURL: `${m.url}/mistral`, retryConfig: { strategy: 'none' } });
});
after(() => m.close());

describe('@mistralai/mistralai → mock-llm (mistral)', () => {
  it('chat.complete: text, usage, finish_reason (the SDK validates the body)', async () => {
    await m.clear();
    const r = await client.chat.complete({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'one two three' }], maxTokens: 2 });
    assert.equal(r.choices[0]!.message!.content, ' three two');
    assert.equal(r.choices[0]!.finishReason, 'length');
    assert.deepEqual([r.usage.promptTokens, r.usage.completionTokens, r.usage.totalTokens], [3, 2, 5]);
    const [rec] = await m.requests();
    assert.equal(rec!.vendor, 'mistral');
    assert.equal(rec!.headers.authorization, `Bearer ${KEY}`);
  });

  it('chat.stream: chunks with finish_reason and usage on the last', async () => {
    let text = '';
    let finish: unknown;
    let usage: { totalTokens?: number | undefined } | undefined;
    for await (const e of await client.chat.stream({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'a b c' }] })) {
      text += (e.data.choices[0]?.delta.content as string | undefined) ?? '';
      finish = e.data.choices[0]?.finishReason ?? finish;
      usage = e.data.usage ?? usage;
    }
    assert.equal(text, ' c b a');
    assert.equal(finish, 'stop');
    assert.equal(usage?.totalTokens, 6);
  });

  it('tool calls (toolChoice any), parsed by the SDK', async () => {
    const r = await client.chat.complete({
      model: 'mistral-large-latest',
      toolChoice: 'any',
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      messages: [{ role: 'user', content: 'Oslo' }],
    });
    assert.equal(r.choices[0]!.finishReason, 'tool_calls');
    const call = r.choices[0]!.message!.toolCalls![0]!;
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments as string), { city: 'Oslo' });
  });

  it('fim.complete and embeddings.create', async () => {
    const f = await client.fim.complete({ model: 'codestral-latest', prompt: 'def f(x):', suffix: 'return y' });
    assert.equal(f.choices[0]!.message!.content, ' f(x): def');
    const e = await client.embeddings.create({ model: 'mistral-embed', inputs: ['a', 'b c'] });
    assert.equal(e.data.length, 2);
    assert.equal(e.data[0]!.embedding!.length, 8);
  });

  it('errors: 401 (wrong key) and 429/500 faults carry the status', async () => {
    const bad = new Mistral({ apiKey: 'nope', serverURL: `${m.url}/mistral` });
    const e401 = await rejection(() => bad.chat.complete({ model: 'x', messages: [{ role: 'user', content: 'hi' }] }));
    assert.equal((e401 as { statusCode?: number }).statusCode, 401, String(e401));
    assert.match(String((e401 as { body?: string }).body), /Unauthorized/);
    for (const status of [429, 500]) {
      const e = await rejection(() => client.chat.complete({ model: 'x', messages: [{ role: 'user', content: 'hi' }] }, { headers: { 'x-mock-fault': String(status) } }));
      assert.equal((e as { statusCode?: number }).statusCode, status, String(e));
    }
  });
});
