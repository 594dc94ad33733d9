// The openai SDK (and AzureOpenAI) as the client, straight against the mock: OpenAI and every
// vendor that speaks its wire at its own paths.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI, { AzureOpenAI } from 'openai';
import { generateTokens } from '../text.js';
import { rejection, startMock, type StartedMock } from '../mock.test-helper.js';

const KEY = 'sk-mock-openai-123';
let m: StartedMock;
let client: OpenAI;

before(async () => {
  m = await startMock({ key: KEY });
  client = new OpenAI({ apiKey: KEY, baseURL: `${m.url}/v1`, maxRetries: 0 });
});
after(() => m.close());

const reversed = (text: string, n?: number) =>
  generateTokens(text, n ?? text.split(' ').length)
    .map((t) => t.text)
    .join('');

describe('openai SDK → mock-llm (openai)', () => {
  it('chat.completions.create: text, usage, finish_reason stop; a cut answer ends with length', async () => {
    const r = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'one two three' }] });
    assert.equal(r.object, 'chat.completion');
    assert.equal(r.model, 'gpt-4o');
    assert.match(r.id, /^chatcmpl-/);
    assert.equal(r.choices[0]!.message.content, reversed('one two three'));
    assert.equal(r.choices[0]!.finish_reason, 'stop');
    assert.deepEqual(r.usage, { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 });
    const cut = await client.chat.completions.create({ model: 'gpt-4o', max_tokens: 2, messages: [{ role: 'user', content: 'one two three' }] });
    assert.equal(cut.choices[0]!.message.content, ' three two');
    assert.equal(cut.choices[0]!.finish_reason, 'length');
  });

  it('streamed chat: one chunk per token, finish_reason on the last choice chunk, a usage chunk with include_usage', async () => {
    const s = await client.chat.completions.create({ model: 'gpt-4o', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'a b c d' }] });
    let text = '';
    const finishes: (string | null)[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of s) {
      assert.equal(chunk.object, 'chat.completion.chunk');
      if (chunk.usage) usage = chunk.usage;
      for (const c of chunk.choices) {
        text += c.delta.content ?? '';
        finishes.push(c.finish_reason);
      }
    }
    assert.equal(text, ' d c b a');
    assert.equal(finishes.at(-1), 'stop');
    assert.equal(finishes.filter((f) => f !== null).length, 1);
    assert.deepEqual(usage, { prompt_tokens: 4, completion_tokens: 4, total_tokens: 8 });
  });

  it('chat.completions.stream(...).finalChatCompletion() assembles the answer', async () => {
    const final = await client.chat.completions.stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x y' }] }).finalChatCompletion();
    assert.equal(final.choices[0]!.message.content, ' y x');
    assert.equal(final.choices[0]!.finish_reason, 'stop');
  });

  it('completions (text_completion), plain and streamed', async () => {
    const r = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'red green blue', max_tokens: 2 });
    assert.equal(r.object, 'text_completion');
    assert.equal(r.choices[0]!.text, ' blue green');
    assert.equal(r.choices[0]!.finish_reason, 'length');
    assert.deepEqual(r.usage, { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
    let text = '';
    let finish: string | null = null;
    for await (const c of await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'red green', stream: true })) {
      text += c.choices[0]?.text ?? '';
      finish = c.choices[0]?.finish_reason ?? finish;
    }
    assert.equal(text, ' green red');
    assert.equal(finish, 'stop');
  });

  it('embeddings: the SDK default (base64) and float', async () => {
    const r = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['hello world', 'bye'] });
    assert.equal(r.data.length, 2);
    assert.equal(r.data[0]!.embedding.length, 8);
    assert.ok(r.data[0]!.embedding.every((x) => typeof x === 'number' && x >= -1 && x <= 1));
    assert.equal(r.usage.prompt_tokens, 3);
    const f = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hello world', encoding_format: 'float', dimensions: 4 });
    assert.equal(f.data[0]!.embedding.length, 4);
    assert.deepEqual(
      f.data[0]!.embedding,
      r.data[0]!.embedding.slice(0, 4).map((x) => Math.round(x * 1e6) / 1e6),
    );
  });

  it("the SDK's error classes: 401 AuthenticationError, 429 RateLimitError, 500 InternalServerError, 400 BadRequestError", async () => {
    const bad = new OpenAI({ apiKey: 'sk-wrong', baseURL: `${m.url}/v1`, maxRetries: 0 });
    const e401 = await rejection(() => bad.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }));
    assert.ok(e401 instanceof OpenAI.AuthenticationError, String(e401));
    assert.equal((e401 as InstanceType<typeof OpenAI.AuthenticationError>).code, 'invalid_api_key');
    const fault = (f: string) => ({ headers: { 'x-mock-fault': f } });
    const e429 = await rejection(() => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, fault('429')));
    assert.ok(e429 instanceof OpenAI.RateLimitError, String(e429));
    assert.equal((e429 as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after'), '1');
    const e500 = await rejection(() => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, fault('500')));
    assert.ok(e500 instanceof OpenAI.InternalServerError, String(e500));
    const e400 = await rejection(() => client.chat.completions.create({ model: 'gpt-4o', messages: [] }));
    assert.ok(e400 instanceof OpenAI.BadRequestError, String(e400));
    assert.match(e400.message, /messages/);
    const noModel = await rejection(() => client.chat.completions.create({ messages: [{ role: 'user', content: 'hi' }] } as never));
    assert.ok(noModel instanceof OpenAI.BadRequestError);
    assert.match(noModel.message, /you must provide a model parameter/);
  });

  it('an in-stream error event throws APIError; a cut stream fails the iteration', async () => {
    const iterate = async (fault: string) => {
      const s = await client.chat.completions.create({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'a b c d e f' }] }, { headers: { 'x-mock-fault': fault } });
      for await (const _ of s) void _;
    };
    const e = await rejection(() => iterate('stream-error'));
    assert.ok(e instanceof OpenAI.APIError, String(e));
    assert.match(e.message, /server had an error/);
    await rejection(() => iterate('cut-mid-stream'));
  });

  it('tool calls: a declared tool named in the text (or forced) is called, whole and streamed; a tool result gets text', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { location: { type: 'string' }, days: { type: 'integer' } } } } }];
    const r = await client.chat.completions.create({ model: 'gpt-4o', tools, messages: [{ role: 'user', content: 'get_weather for Paris' }] });
    const call = r.choices[0]!.message.tool_calls![0]! as OpenAI.ChatCompletionMessageFunctionToolCall;
    assert.equal(r.choices[0]!.finish_reason, 'tool_calls');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { location: 'get_weather for Paris', days: 3 });
    const final = await client.chat.completions.stream({ model: 'gpt-4o', tools, tool_choice: 'required', messages: [{ role: 'user', content: 'anything' }] }).finalChatCompletion();
    const streamed = final.choices[0]!.message.tool_calls![0]! as OpenAI.ChatCompletionMessageFunctionToolCall;
    assert.equal(final.choices[0]!.finish_reason, 'tool_calls');
    assert.deepEqual(JSON.parse(streamed.function.arguments), { location: 'anything', days: 1 });
    const after = await client.chat.completions.create({
      model: 'gpt-4o',
      tools,
      messages: [{ role: 'user', content: 'get_weather for Paris' }, { role: 'assistant', tool_calls: [call] }, { role: 'tool', tool_call_id: call.id, content: 'sunny' }],
    });
    assert.equal(after.choices[0]!.finish_reason, 'stop');
    assert.equal(after.choices[0]!.message.content, ' Paris for get_weather');
  });

  it("answers carry Cloudflare's __cf_bm and _cfuvid cookies, as api.openai.com's do (other OpenAI-wire vendors none)", async () => {
    const { response } = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }).withResponse();
    assert.match(response.headers.get('set-cookie') ?? '', /^__cf_bm=[^;]+; path=\/; domain=\.api\.openai\.com; HttpOnly; Secure; SameSite=None, _cfuvid=/);
    const xai = await new OpenAI({ apiKey: KEY, baseURL: `${m.url}/xai/v1`, maxRetries: 0 }).chat.completions.create({ model: 'grok-3', messages: [{ role: 'user', content: 'x' }] }).withResponse();
    assert.equal(xai.response.headers.get('set-cookie'), null);
  });

  it('records method, path, query, headers (the credential included) and body', async () => {
    await m.clear();
    await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'rec' }] }, { query: { trace: '1' } });
    const [r] = await m.requests();
    assert.equal(r!.vendor, 'openai');
    assert.equal(r!.operation, 'chat');
    assert.equal(r!.method, 'POST');
    assert.equal(r!.path, '/v1/chat/completions');
    assert.deepEqual(r!.query, { trace: '1' });
    assert.equal(r!.headers.authorization, `Bearer ${KEY}`);
    assert.equal(r!.auth, 'valid');
    assert.deepEqual((r!.json as { messages: unknown }).messages, [{ role: 'user', content: 'rec' }]);
    assert.equal(r!.status, 200);
    assert.equal(r!.state, 'completed');
  });

  it('streams event by event: the first event arrives while the mock is still generating', async () => {
    await m.clear();
    const res = await fetch(`${m.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'x-mock-token-delay-ms': '300' },
      body: JSON.stringify({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'a b c d e' }] }),
    });
    const reader = res.body!.getReader();
    const first = await reader.read();
    assert.match(Buffer.from(first.value!).toString(), /^data: \{/);
    const [during] = await m.requests();
    assert.equal(during!.state, 'in-progress');
    assert.ok(during!.eventsSent < 8, `events sent so far: ${during!.eventsSent}`);
    while (!(await reader.read()).done);
    const [afterwards] = await m.requests();
    assert.equal(afterwards!.state, 'completed');
    assert.equal(afterwards!.eventsSent, 8); // role, 5 tokens, finish, [DONE]
  });
});

describe('AzureOpenAI → mock-llm (azure)', () => {
  const azure = () => new AzureOpenAI({ apiKey: KEY, endpoint: m.url, apiVersion: '2024-10-21', deployment: 'my-gpt4o', maxRetries: 0 });

  it('chat on the deployment path with api-key and api-version; streamed finalChatCompletion', async () => {
    await m.clear();
    const r = await azure().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'one two' }] });
    assert.equal(r.choices[0]!.message.content, ' two one');
    assert.equal(r.usage!.total_tokens, 4);
    const [rec] = await m.requests();
    assert.equal(rec!.vendor, 'azure');
    assert.equal(rec!.path, '/openai/deployments/my-gpt4o/chat/completions');
    assert.deepEqual(rec!.query, { 'api-version': '2024-10-21' });
    assert.equal(rec!.headers['api-key'], KEY);
    const final = await azure().chat.completions.stream({ model: 'gpt-4o', stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'p q' }] }).finalChatCompletion();
    assert.equal(final.choices[0]!.message.content, ' q p');
    assert.equal(final.choices[0]!.finish_reason, 'stop');
  });

  it('embeddings and completions on the deployment; a wrong key is AuthenticationError with Azure\'s body; no api-version is 404', async () => {
    const e = await azure().embeddings.create({ model: 'ada', input: 'x' });
    assert.equal(e.data[0]!.embedding.length, 8);
    const c = await azure().completions.create({ model: 'x', prompt: 'u v' });
    assert.equal(c.choices[0]!.text, ' v u');
    const bad = new AzureOpenAI({ apiKey: 'wrong', endpoint: m.url, apiVersion: '2024-10-21', deployment: 'd', maxRetries: 0 });
    const err = await rejection(() => bad.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] }));
    assert.ok(err instanceof OpenAI.AuthenticationError);
    assert.match(err.message, /Access denied due to invalid subscription key/);
    const res = await fetch(`${m.url}/openai/deployments/d/chat/completions`, { method: 'POST', headers: { 'api-key': KEY }, body: '{}' });
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: { code: '404', message: 'Resource not found' } });
  });
});

describe('OpenAI-compatible vendors at their own paths', () => {
  const cases: [string, string, string][] = [
    ['cerebras', '/cerebras/v1', '/v1/chat/completions'],
    ['dashscope', '/compatible-mode/v1', '/compatible-mode/v1/chat/completions'],
    ['xai', '/xai/v1', '/v1/chat/completions'],
    ['databricks', '/serving-endpoints', '/serving-endpoints/chat/completions'],
    ['databricks', '/serving-endpoints/v1', '/serving-endpoints/v1/chat/completions'],
    ['deepseek', '/deepseek', '/chat/completions'],
    ['vllm', '/vllm/v1', '/v1/chat/completions'],
    ['mistral', '/mistral/v1', '/v1/chat/completions'],
  ];
  for (const [vendor, base, path] of cases) {
    it(`${vendor}: ${base} — chat and streamed finalChatCompletion`, async () => {
      await m.clear();
      const c = new OpenAI({ apiKey: KEY, baseURL: `${m.url}${base}`, maxRetries: 0 });
      const r = await c.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'k l' }] });
      assert.equal(r.choices[0]!.message.content, ' l k');
      const final = await c.chat.completions.stream({ model: 'm', messages: [{ role: 'user', content: 'k l' }] }).finalChatCompletion();
      assert.equal(final.choices[0]!.finish_reason, 'stop');
      const recs = await m.requests();
      assert.deepEqual(recs.map((x) => x.vendor), [vendor, vendor]);
      assert.ok(recs.every((x) => x.path.endsWith(path)), recs.map((x) => x.path).join());
    });
  }

  it("a vendor's own key replaces --key for it", async () => {
    const own = await startMock({ key: KEY, keys: { cerebras: 'csk-own' } });
    try {
      const withShared = new OpenAI({ apiKey: KEY, baseURL: `${own.url}/cerebras/v1`, maxRetries: 0 });
      assert.ok((await rejection(() => withShared.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'z' }] }))) instanceof OpenAI.AuthenticationError);
      const withOwn = new OpenAI({ apiKey: 'csk-own', baseURL: `${own.url}/cerebras/v1`, maxRetries: 0 });
      assert.equal((await withOwn.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'z' }] })).choices[0]!.message.content, ' z');
    } finally {
      await own.close();
    }
  });

  it('vllm takes no credential unless its own is configured', async () => {
    const c = new OpenAI({ apiKey: 'anything', baseURL: `${m.url}/vllm/v1`, maxRetries: 0 });
    const r = await c.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'z' }] });
    assert.equal(r.choices[0]!.message.content, ' z');
  });
});
