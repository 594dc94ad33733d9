// The anthropic driver end to end: the `openai` SDK through bin/ai-gateway (a real process)
// against bin/mock-llm's Anthropic API — chat (create, stream().finalChatCompletion() with the
// include_usage chunk, max_tokens cut, tool calls), completions through the legacy /v1/complete,
// the vendor's errors (400/401/429/500/529) reaching the SDK as its typed errors, an in-stream
// `event: error` and a cut stream — and `@anthropic-ai/sdk` on the native `llm_format: anthropic`
// route (messages.create, messages.stream().finalMessage()), answering as the mock does straight.
// The configured key goes upstream in x-api-key with anthropic-version; it never shows in the
// gateway's output.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { StartedProcess } from '../../testing/tgi/index.js';
import { json, send } from './client.js';
import { startGatewayProcess, tempFile } from './harness.js';
import { startMockLlm, type MockLlmProcess } from './mock-llm-process.js';

const KEY = 'sk-ant-upstream-Secret-7';
const MODEL = 'claude-test-1';
let mock: MockLlmProcess;
let gw: StartedProcess;
let GW: string;

function config(up: string): string {
  const route = (path: string, extra: string, options: Record<string, unknown>, auth = `auth: { header_name: x-api-key, header_value: "${KEY}" }`) => `
      - name: r${path.replaceAll('/', '-')}
        paths: [${path}]
        plugins:
          - name: ai-proxy
            config:
              ${auth}
              ${extra}
              model: { provider: anthropic, name: ${MODEL}, options: ${JSON.stringify({ anthropic_version: '2023-06-01', ...options })} }`;
  return `_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:8080
    routes:${route('/anthropic', 'route_type: llm/v1/chat\n              logging: { log_statistics: true, log_payloads: false }', { upstream_url: `${up}/v1/messages`, input_cost: 3, output_cost: 15 })}${route('/complete', 'route_type: llm/v1/completions', { upstream_url: `${up}/v1/complete` })}${route('/native', 'route_type: llm/v1/chat\n              llm_format: anthropic\n              logging: { log_statistics: true, log_payloads: false }', { upstream_url: `${up}/v1/messages` })}${route('/wrong-key', 'route_type: llm/v1/chat', { upstream_url: `${up}/v1/messages` }, 'auth: { header_name: x-api-key, header_value: "not-the-key" }')}
`;
}

before(async () => {
  mock = await startMockLlm(['--anthropic-key', KEY]);
  gw = await startGatewayProcess(tempFile('kong.yaml', config(mock.url)), {});
  GW = gw.listeners.get('proxy')!;
});

after(async () => {
  await Promise.all([gw?.kill(), mock?.proc.kill()]);
});

const openai = (path: string, headers: Record<string, string> = {}) => new OpenAI({ apiKey: 'client-own-key', baseURL: `${GW}${path}`, maxRetries: 0, defaultHeaders: headers });
const MESSAGES = [
  { role: 'system' as const, content: 'be brief' },
  { role: 'user' as const, content: 'one two three' },
];
const WEATHER = [{ type: 'function' as const, function: { name: 'get_weather', description: 'Weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];

describe('anthropic: the openai SDK through the gateway (OpenAI format)', () => {
  it('chat.completions.create: a complete OpenAI answer; upstream got x-api-key, anthropic-version and the Messages body', async () => {
    const { data, response } = await openai('/anthropic').chat.completions.create({ model: MODEL, messages: MESSAGES, temperature: 0.2, stop: ['zzz'] }).withResponse();
    assert.equal(data.choices[0]!.message.content, ' three two one');
    assert.equal(data.choices[0]!.finish_reason, 'stop');
    assert.equal(data.object, 'chat.completion');
    assert.equal(typeof data.id, 'string');
    assert.equal(typeof data.created, 'number');
    assert.deepEqual(data.usage, { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 });
    assert.equal(response.headers.get('x-kong-llm-model'), `anthropic/${MODEL}`);
    const rec = await mock.last();
    assert.deepEqual([rec.path, rec.auth, rec.headers['x-api-key'], rec.headers['anthropic-version']], ['/v1/messages', 'valid', KEY, '2023-06-01']);
    assert.deepEqual(rec.json, { model: MODEL, messages: [{ role: 'user', content: 'one two three' }], system: 'be brief', max_tokens: 4096, stream: false, temperature: 0.2, stop_sequences: ['zzz'] });
  });

  it('stream(…).finalChatCompletion() with the include_usage chunk; every chunk complete', async () => {
    const stream = openai('/anthropic').chat.completions.stream({ model: MODEL, messages: MESSAGES, stream_options: { include_usage: true } });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    stream.on('chunk', (c) => chunks.push(c));
    const final = await stream.finalChatCompletion();
    assert.equal(final.choices[0]!.message.content, ' three two one');
    assert.equal(final.choices[0]!.finish_reason, 'stop');
    assert.deepEqual(chunks.at(-1)!.choices, []);
    assert.deepEqual(chunks.at(-1)!.usage, { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 });
    assert.ok(chunks.every((c) => typeof c.id === 'string' && typeof c.created === 'number' && c.model === MODEL && c.object === 'chat.completion.chunk'));
    assert.equal(chunks.filter((c) => c.choices[0]?.finish_reason != null).length, 1, 'one finish_reason, on the last choice chunk');
    assert.equal((await mock.last()).json!.stream, true);
  });

  it('max_tokens cuts the answer: finish_reason length, streamed and not', async () => {
    const r = await openai('/anthropic').chat.completions.create({ model: MODEL, messages: MESSAGES, max_tokens: 2 });
    assert.deepEqual([r.choices[0]!.message.content, r.choices[0]!.finish_reason], [' three two', 'length']);
    const s = await openai('/anthropic').chat.completions.stream({ model: MODEL, messages: MESSAGES, max_tokens: 2 }).finalChatCompletion();
    assert.deepEqual([s.choices[0]!.message.content, s.choices[0]!.finish_reason], [' three two', 'length']);
  });

  it('tools: tool_choice required → a tool_use answer as tool_calls, streamed and not', async () => {
    const msgs = [{ role: 'user' as const, content: 'Paris' }];
    const r = await openai('/anthropic').chat.completions.create({ model: MODEL, messages: msgs, tools: WEATHER, tool_choice: 'required' });
    assert.equal((await mock.last()).json!.tool_choice && JSON.stringify((await mock.last()).json!.tool_choice), '{"type":"any"}');
    const call = r.choices[0]!.message.tool_calls![0]! as OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall;
    assert.deepEqual([r.choices[0]!.finish_reason, call.function.name, JSON.parse(call.function.arguments)], ['tool_calls', 'get_weather', { city: 'Paris' }]);
    const s = await openai('/anthropic').chat.completions.stream({ model: MODEL, messages: msgs, tools: WEATHER, tool_choice: 'required' }).finalChatCompletion();
    const sc = s.choices[0]!.message.tool_calls![0]! as OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall;
    assert.deepEqual([s.choices[0]!.finish_reason, sc.id, sc.function.name, JSON.parse(sc.function.arguments)], ['tool_calls', call.id.replace(/\d+$/, (n) => String(Number(n) + 1)), 'get_weather', { city: 'Paris' }]);
    // the tool result goes back as a user tool_result block
    await openai('/anthropic').chat.completions.create({ model: MODEL, messages: [...msgs, r.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: '{"temp":21}' }], tools: WEATHER });
    assert.deepEqual((await mock.last()).json!.messages, [
      { role: 'user', content: 'Paris' },
      { role: 'assistant', content: [{ type: 'tool_use', id: call.id, name: 'get_weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '{"temp":21}' }] },
    ]);
  });

  it('completions → the legacy /v1/complete, streamed and not', async () => {
    const c = await openai('/complete').completions.create({ model: MODEL, prompt: 'x y' });
    assert.deepEqual([c.choices[0]!.text, c.choices[0]!.finish_reason, c.object], [' y x', 'stop', 'text_completion']);
    assert.deepEqual((await mock.last()).json, { model: MODEL, prompt: '\n\nHuman: x y\n\nAssistant:', max_tokens_to_sample: 4096, stream: false });
    const s = await openai('/complete').completions.create({ model: MODEL, prompt: 'x y', stream: true });
    let text = '';
    let finish: string | null = null;
    for await (const chunk of s) {
      text += chunk.choices[0]?.text ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.deepEqual([text, finish], [' y x', 'stop']);
  });
});

describe('anthropic: the vendor\'s errors reach the openai SDK as its typed errors (passed through, as Kong)', () => {
  const cases: [string, number, abstract new (...args: never[]) => Error, string][] = [
    ['400', 400, OpenAI.BadRequestError, 'invalid_request_error'],
    ['401', 401, OpenAI.AuthenticationError, 'authentication_error'],
    ['429', 429, OpenAI.RateLimitError, 'rate_limit_error'],
    ['500', 500, OpenAI.InternalServerError, 'api_error'],
    ['529', 529, OpenAI.InternalServerError, 'overloaded_error'],
  ];
  for (const [fault, status, cls, type] of cases) {
    it(`${status} ${type}`, async () => {
      await assert.rejects(openai('/anthropic', { 'x-mock-fault': fault }).chat.completions.create({ model: MODEL, messages: MESSAGES }), (err: unknown) => {
        assert.ok(err instanceof cls, String(err));
        assert.equal((err as { status?: number }).status, status);
        return true;
      });
      const raw = await send(`${GW}/anthropic`, { body: JSON.stringify({ messages: MESSAGES, stream: true }), headers: { 'x-mock-fault': fault } });
      assert.equal(raw.status, status);
      assert.equal((json(raw) as { error: { type: string } }).error.type, type);
      assert.equal(raw.headers['x-kong-llm-model'], undefined);
    });
  }

  it('a wrong configured key: the vendor\'s 401, the key not echoed', async () => {
    const raw = await send(`${GW}/wrong-key`, { body: JSON.stringify({ messages: MESSAGES }) });
    assert.equal(raw.status, 401);
    assert.doesNotMatch(raw.body.toString(), /not-the-key/);
  });

  it('event: error mid-stream → the events so far, then an OpenAI error event; no [DONE]; the SDK raises', async () => {
    const r = await send(`${GW}/anthropic`, { body: JSON.stringify({ messages: MESSAGES, stream: true }), headers: { 'x-mock-fault': 'stream-error' } });
    const text = r.body.toString();
    assert.equal(r.status, 200);
    assert.ok(!text.includes('[DONE]'));
    assert.match(text, /"role":"assistant"/);
    assert.ok(text.endsWith('data: {"error":{"message":"Overloaded","type":"overloaded_error"}}\n\n'), text);
    await assert.rejects(openai('/anthropic', { 'x-mock-fault': 'stream-error' }).chat.completions.stream({ model: MODEL, messages: MESSAGES }).finalChatCompletion(), /Overloaded/);
  });

  it('a stream the upstream cuts → an OpenAI error event and a cut connection, never [DONE]', async () => {
    const r = await send(`${GW}/anthropic`, { body: JSON.stringify({ messages: MESSAGES, stream: true }), headers: { 'x-mock-fault': 'cut-mid-stream' } });
    const text = r.body.toString();
    assert.ok(!r.ended && !text.includes('[DONE]'));
    assert.match(text, /data: \{"error":\{"message":"the upstream closed the stream before it ended/);
  });
});

describe('anthropic: @anthropic-ai/sdk on the native route (llm_format: anthropic)', () => {
  const viaGateway = () => new Anthropic({ apiKey: 'client-own-key', baseURL: `${GW}/native`, maxRetries: 0 });
  const direct = () => new Anthropic({ apiKey: KEY, baseURL: mock.url, maxRetries: 0 });
  const params = { model: MODEL, max_tokens: 64, system: 'be brief', messages: [{ role: 'user' as const, content: 'one two three' }] };
  const withoutId = (m: { id: string }) => ({ ...m, id: undefined });

  it('messages.create: the same message as straight to the mock; bytes forwarded, the configured key injected', async () => {
    const { data, response } = await viaGateway().messages.create(params).withResponse();
    const rec = await mock.last();
    assert.deepEqual(withoutId(data), withoutId(await direct().messages.create(params)));
    assert.equal(data.content[0]!.type === 'text' && data.content[0].text, ' three two one');
    assert.equal(response.headers.get('x-kong-llm-model'), `anthropic/${MODEL}`);
    assert.deepEqual([rec.path, rec.auth, rec.headers['x-api-key'], rec.headers['anthropic-version']], ['/v1/messages', 'valid', KEY, '2023-06-01']);
    assert.deepEqual(rec.json, { ...params });
  });

  it('messages.stream().finalMessage(): the same message as straight to the mock', async () => {
    const final = await viaGateway().messages.stream(params).finalMessage();
    assert.deepEqual(withoutId(final), withoutId(await direct().messages.stream(params).finalMessage()));
    assert.equal(final.stop_reason, 'end_turn');
    assert.equal(final.usage.output_tokens, 3);
  });

  it('another model than the configured one: Kong\'s 400', async () => {
    await assert.rejects(viaGateway().messages.create({ ...params, model: 'claude-other' }), (err: unknown) => {
      assert.ok(err instanceof Anthropic.BadRequestError);
      assert.match(String(err), /cannot use own model - must be: claude-test-1/);
      return true;
    });
  });

  it('usage counted for log_statistics (native and OpenAI format); no secret in the gateway\'s output', async () => {
    await viaGateway().messages.stream(params).finalMessage();
    await new Promise((r) => setTimeout(r, 100));
    const lines = gw.stdout().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { ai?: { proxy?: { meta?: { provider_name?: string }; usage?: Record<string, number> } } });
    const usage = lines.filter((l) => l.ai?.proxy?.meta?.provider_name === 'anthropic').map((l) => l.ai!.proxy!.usage!);
    assert.ok(usage.length >= 2);
    assert.deepEqual([usage.at(-1)!.prompt_tokens, usage.at(-1)!.completion_tokens], [5, 3]);
    assert.ok(usage.some((u) => u.cost === (5 * 3 + 3 * 15) / 1e6), JSON.stringify(usage));
    assert.doesNotMatch(gw.stdout() + gw.stderr(), /Secret-7/);
  });
});
