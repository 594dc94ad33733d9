// The `openai` SDK as a real client through bin/ai-gateway (a real process) against bin/mock-llm
// (a real process; its request record read over GET /__mock/requests) on a route of every
// OpenAI-wire and Ollama-format provider, llama2's raw format and Hugging Face (the mock's TGI):
// chat (create, stream(…).finalChatCompletion() with the include_usage chunk), completions and
// embeddings wherever the driver has them, each vendor's own error bodies (400/401/429/500/503)
// passed through as the SDK's typed errors, and per provider a stream the upstream cuts and the
// vendor's own in-stream error. Also Kong's rules every driver shares: own model,
// response_streaming, max_request_body_size, Set-Cookie, log_statistics with cost,
// X-Kong-LLM-Model, non-text routes, preserve, query-string auth.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { StartedProcess } from '../../testing/tgi/index.js';
import { json, send } from './client.js';
import { startGatewayProcess, tempFile } from './harness.js';
import { startMockLlm, type MockLlmProcess, type MockRecord } from './mock-llm-process.js';

const UP_TOKEN = 'sk-upstream-Secret-42';
let mock: MockLlmProcess;
let gw: StartedProcess;
let GW: string;

interface RouteSpec {
  readonly path: string;
  readonly provider: string;
  readonly routeType?: string;
  readonly options?: Record<string, unknown>;
  /** Appended to the mock's origin for upstream_url ('' = the origin alone). */
  readonly upstream: string;
  /** The path the mock receives, and which of its vendors answers it. */
  readonly expect?: string;
  readonly vendor?: string;
  readonly extra?: string;
  /** The mock checks the credential (ollama takes any request, as Ollama does). */
  readonly keyed?: boolean;
}

/** Every OpenAI-format chat route of the OpenAI-wire and Ollama-format providers. */
const CHAT: RouteSpec[] = [
  { path: '/openai', provider: 'openai', upstream: '/v1/chat/completions', vendor: 'openai', extra: 'logging: { log_statistics: true, log_payloads: false }', options: { input_cost: 1000, output_cost: 2000 } },
  { path: '/cerebras', provider: 'cerebras', upstream: '/cerebras/v1/chat/completions', vendor: 'cerebras' },
  { path: '/dashscope', provider: 'dashscope', upstream: '/dashscope/compatible-mode/v1/chat/completions', vendor: 'dashscope' },
  { path: '/xai', provider: 'xai', upstream: '/xai/v1/chat/completions', vendor: 'xai' },
  { path: '/databricks', provider: 'databricks', upstream: '/databricks/serving-endpoints/v1/chat/completions', vendor: 'databricks' },
  { path: '/deepseek', provider: 'deepseek', upstream: '/deepseek/v1/chat/completions', vendor: 'deepseek' },
  { path: '/vllm', provider: 'vllm', upstream: '/vllm/v1/chat/completions', vendor: 'vllm' },
  { path: '/mistral', provider: 'mistral', upstream: '/mistral/v1/chat/completions', vendor: 'mistral', options: { mistral_format: 'openai' } },
  // llama2's OpenAI format is a self-hosted OpenAI-compatible server: the mock's vLLM
  { path: '/llama2', provider: 'llama2', upstream: '/vllm/v1/chat/completions', vendor: 'vllm', options: { llama2_format: 'openai' } },
  // an upstream_url without a path: the default path appended (Ollama's /api/chat, at the mock's root)
  { path: '/ollama', provider: 'ollama', upstream: '', expect: '/api/chat', vendor: 'ollama', keyed: false },
  { path: '/mistral-ollama', provider: 'mistral', upstream: '/ollama/api/chat', vendor: 'ollama', keyed: false, options: { mistral_format: 'ollama' } },
  { path: '/llama2-ollama', provider: 'llama2', upstream: '/ollama/api/chat', vendor: 'ollama', keyed: false, options: { llama2_format: 'ollama' } },
];
const HF: RouteSpec = { path: '/hf', provider: 'huggingface', upstream: '/models/tgi-model', expect: '/models/tgi-model/v1/chat/completions', vendor: 'huggingface' };

/** Completions routes: [spec, the path the mock gets]. */
const COMPLETIONS: RouteSpec[] = [
  { path: '/c-openai', provider: 'openai', routeType: 'llm/v1/completions', upstream: '/v1/completions', vendor: 'openai' },
  { path: '/c-vllm', provider: 'vllm', routeType: 'llm/v1/completions', upstream: '/vllm/v1/completions', vendor: 'vllm' },
  { path: '/c-llama2', provider: 'llama2', routeType: 'llm/v1/completions', upstream: '/vllm/v1/completions', vendor: 'vllm', options: { llama2_format: 'openai' } },
  { path: '/c-ollama', provider: 'ollama', routeType: 'llm/v1/completions', upstream: '', expect: '/api/generate', vendor: 'ollama', keyed: false },
  { path: '/c-mistral-ollama', provider: 'mistral', routeType: 'llm/v1/completions', upstream: '/ollama/api/generate', vendor: 'ollama', keyed: false, options: { mistral_format: 'ollama' } },
  { path: '/c-llama2-ollama', provider: 'llama2', routeType: 'llm/v1/completions', upstream: '/ollama/api/generate', vendor: 'ollama', keyed: false, options: { llama2_format: 'ollama' } },
];

/** Embeddings routes, and the OpenAI-wire base the mock answers straight at (null: Ollama's native /api/embed). */
const EMBEDDINGS: [RouteSpec, string | null][] = [
  [{ path: '/e-openai', provider: 'openai', routeType: 'llm/v1/embeddings', upstream: '/v1/embeddings', vendor: 'openai' }, '/v1'],
  [{ path: '/e-dashscope', provider: 'dashscope', routeType: 'llm/v1/embeddings', upstream: '/dashscope/compatible-mode/v1/embeddings', vendor: 'dashscope' }, '/dashscope/compatible-mode/v1'],
  [{ path: '/e-mistral', provider: 'mistral', routeType: 'llm/v1/embeddings', upstream: '/mistral/v1/embeddings', vendor: 'mistral', options: { mistral_format: 'openai' } }, '/mistral/v1'],
  [{ path: '/e-ollama', provider: 'ollama', routeType: 'llm/v1/embeddings', upstream: '', expect: '/api/embed', vendor: 'ollama', keyed: false }, null],
  [{ path: '/e-mistral-ollama', provider: 'mistral', routeType: 'llm/v1/embeddings', upstream: '/ollama/api/embed', vendor: 'ollama', keyed: false, options: { mistral_format: 'ollama' } }, null],
];

const OTHER: RouteSpec[] = [
  { path: '/llama2-raw', provider: 'llama2', upstream: '/llama2/raw', vendor: 'llama2', options: { llama2_format: 'raw' } },
  { path: '/c-llama2-raw', provider: 'llama2', routeType: 'llm/v1/completions', upstream: '/llama2/raw', vendor: 'llama2', options: { llama2_format: 'raw' } },
  { path: '/c-hf', provider: 'huggingface', routeType: 'llm/v1/completions', upstream: '/models/tgi-model', vendor: 'huggingface' },
  // preserve: the client's own path goes upstream; this prefix is the mock's OpenAI vendor
  { path: '/openai/v1', provider: 'openai', routeType: 'preserve', upstream: '' },
  { path: '/deny', provider: 'openai', upstream: '/v1/chat/completions', extra: 'response_streaming: deny' },
  { path: '/always', provider: 'openai', upstream: '/v1/chat/completions', extra: 'response_streaming: always' },
  { path: '/small', provider: 'openai', upstream: '/v1/chat/completions', extra: 'max_request_body_size: 64' },
  { path: '/image', provider: 'openai', routeType: 'image/v1/images/generations', upstream: '/v1/images/generations' },
  // a driver that keeps Set-Cookie (deepseek) in front of the mock's OpenAI, which sends cookies
  { path: '/kept', provider: 'deepseek', upstream: '/v1/chat/completions' },
];

const modelOf = (r: RouteSpec) => (r.provider === 'huggingface' ? 'tgi-model' : `m-${r.provider}`);

function config(up: string): string {
  const route = (r: RouteSpec, auth = `auth: { header_name: Authorization, header_value: "Bearer ${UP_TOKEN}" }`) => `
      - name: r${r.path.replaceAll('/', '-')}
        paths: [${r.path}]
        plugins:
          - name: ai-proxy
            config:
              route_type: ${r.routeType ?? 'llm/v1/chat'}
              ${auth}
              ${r.extra ?? ''}
              model: { provider: ${r.provider}, name: ${modelOf(r)}, options: ${JSON.stringify({ upstream_url: `${up}${r.upstream}`, ...r.options })} }`;
  const all = [...CHAT, HF, ...COMPLETIONS, ...EMBEDDINGS.map(([r]) => r), ...OTHER];
  // an OpenAI-compatible server that takes its key in the query string (the mock's Ollama
  // takes any request: the test reads what it received)
  const queryAuth = route({ path: '/query-auth', provider: 'openai', upstream: '/ollama/v1/chat/completions' }, `auth: { param_name: api_key, param_value: "${UP_TOKEN}", param_location: query }`);
  return `_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:8080
    routes:${all.map((r) => route(r)).join('')}${queryAuth}
`;
}

before(async () => {
  // every vendor checks UP_TOKEN (--key; vLLM and llama2 are self-hosted: their own keys), Ollama none
  mock = await startMockLlm([], { MOCK_LLM_KEY: UP_TOKEN, MOCK_LLM_VLLM_KEY: UP_TOKEN, MOCK_LLM_LLAMA2_KEY: UP_TOKEN });
  gw = await startGatewayProcess(tempFile('kong.yaml', config(mock.url)), {});
  GW = gw.listeners.get('proxy')!;
});

after(async () => {
  await Promise.all([gw?.kill(), mock?.proc.kill()]);
});

const client = (path: string, headers: Record<string, string> = {}) => new OpenAI({ apiKey: 'client-own-key', baseURL: `${GW}${path}`, maxRetries: 0, defaultHeaders: headers });
const direct = (base: string) => new OpenAI({ apiKey: UP_TOKEN, baseURL: `${mock.url}${base}`, maxRetries: 0 });
const MESSAGES = [{ role: 'user' as const, content: 'one two three' }];
/** What the mock answers "one two three": its words reversed, each token with its leading space. */
const ANSWER = ' three two one';

/** The credential the gateway injected reached the vendor's own place and passed its check. */
function assertUpstream(rec: MockRecord, r: RouteSpec): void {
  assert.equal(rec.vendor, r.vendor, `${r.path} reached the mock's ${rec.vendor}`);
  assert.equal(rec.path, r.expect ?? r.upstream);
  assert.equal(rec.headers.authorization, `Bearer ${UP_TOKEN}`);
  assert.equal(rec.auth, r.keyed === false ? 'unchecked' : 'valid');
}

async function streamed<T extends { choices: { text?: string; finish_reason?: string | null }[] }>(s: AsyncIterable<T>): Promise<[string, string | null]> {
  let text = '';
  let finish: string | null = null;
  for await (const chunk of s) {
    text += chunk.choices[0]?.text ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
  }
  return [text, finish];
}

describe('the openai SDK through the gateway, one route per OpenAI-wire and Ollama-format provider', () => {
  for (const r of CHAT) {
    describe(`${r.provider} (${r.path})`, () => {
      it('chat.completions.create: the answer, the configured credential in the vendor\'s place, X-Kong-LLM-Model', async () => {
        const { data, response } = await client(r.path).chat.completions.create({ model: `m-${r.provider}`, messages: MESSAGES }).withResponse();
        assert.equal(data.choices[0]!.message.content, ANSWER);
        assert.equal(data.choices[0]!.finish_reason, 'stop');
        assert.equal(data.object, 'chat.completion');
        assert.equal(typeof data.id, 'string');
        assert.equal(typeof data.created, 'number');
        assert.deepEqual(data.usage, { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 });
        assert.equal(response.headers.get('x-kong-llm-model'), `${r.provider}/m-${r.provider}`);
        const rec = await mock.last();
        assertUpstream(rec, r);
        assert.equal(rec.json!.model, `m-${r.provider}`);
        assert.equal(rec.json!.stream, false);
        if (r.vendor !== 'ollama') {
          // an OpenAI-wire answer is passed through: what the vendor answers straight
          const base = r.upstream.replace(/\/chat\/completions$/, '');
          const straight = await direct(base).chat.completions.create({ model: `m-${r.provider}`, messages: MESSAGES });
          assert.deepEqual([data.choices, data.usage, data.model], [straight.choices, straight.usage, straight.model]);
        }
      });

      it('chat.completions.stream(…).finalChatCompletion(), with the include_usage chunk', async () => {
        const stream = client(r.path).chat.completions.stream({ model: `m-${r.provider}`, messages: MESSAGES, stream_options: { include_usage: true } });
        const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
        stream.on('chunk', (c) => chunks.push(c));
        const final = await stream.finalChatCompletion();
        assert.equal(final.choices[0]!.message.content, ANSWER);
        assert.equal(final.choices[0]!.finish_reason, 'stop');
        const usage = chunks.filter((c) => c.usage && c.choices.length === 0);
        assert.equal(usage.length, 1, 'one usage chunk');
        assert.deepEqual(usage[0]!.usage, { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 });
        assert.ok(chunks.every((c) => typeof c.id === 'string' && typeof c.created === 'number' && c.model && c.object === 'chat.completion.chunk'));
        assert.equal(chunks.filter((c) => c.choices[0]?.finish_reason != null).length, 1, 'one finish_reason');
        const rec = await mock.last();
        assertUpstream(rec, r);
        assert.equal(rec.json!.stream, true);
      });

      it('max_tokens cuts the answer: finish_reason length, streamed and not', async () => {
        const c = await client(r.path).chat.completions.create({ model: `m-${r.provider}`, messages: MESSAGES, max_tokens: 2 });
        assert.deepEqual([c.choices[0]!.message.content, c.choices[0]!.finish_reason], [' three two', 'length']);
        const s = await client(r.path).chat.completions.stream({ model: `m-${r.provider}`, messages: MESSAGES, max_tokens: 2 }).finalChatCompletion();
        assert.deepEqual([s.choices[0]!.message.content, s.choices[0]!.finish_reason], [' three two', 'length']);
      });
    });
  }

  it('huggingface (the mock\'s TGI): create (Kong\'s finish_reason "complete") and finalChatCompletion() with the stream\'s finish_reason; include_usage gets a usage chunk', async () => {
    const c = await client('/hf').chat.completions.create({ model: 'tgi-model', messages: [{ role: 'user', content: 'a b' }], max_tokens: 2 });
    assert.deepEqual([c.choices[0]!.message.content, c.choices[0]!.finish_reason], [' b a', 'complete']);
    assertUpstream(await mock.last(), HF);
    const final = await client('/hf').chat.completions.stream({ model: 'tgi-model', messages: [{ role: 'user', content: 'a b' }], max_tokens: 2 }).finalChatCompletion();
    assert.equal(final.choices[0]!.finish_reason, 'length');
    assert.equal(final.choices[0]!.message.content, ' b a');
    assert.equal(typeof final.id, 'string');
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    const s = await client('/hf').chat.completions.create({ model: 'tgi-model', messages: [{ role: 'user', content: 'a b c' }], max_tokens: 3, stream: true, stream_options: { include_usage: true } });
    for await (const chunk of s) chunks.push(chunk);
    const usage = chunks.at(-1)?.usage;
    assert.ok(usage && usage.completion_tokens > 0 && usage.prompt_tokens > 0, JSON.stringify(chunks.at(-1)));
    assert.deepEqual(chunks.at(-1)?.choices, []);
  });

  it('llama2 raw: chat and completions through {"inputs"} (the text after the last [/INST]); a stream is Kong\'s 400 (no stream transformer)', async () => {
    const c = await client('/llama2-raw').chat.completions.create({ model: 'm-llama2', messages: [{ role: 'system', content: 'be brief' }, ...MESSAGES] });
    assert.deepEqual([c.choices[0]!.message.content, c.object], [ANSWER.trim(), 'chat.completion']);
    const rec = await mock.last();
    assertUpstream(rec, OTHER[0]!);
    assert.match(String(rec.json!.inputs), /^<s>\[INST\] <<SYS>> be brief <<\/SYS>> one two three \[\/INST\]/);
    const t = await client('/c-llama2-raw').completions.create({ model: 'm-llama2', prompt: 'x y' });
    assert.deepEqual([t.choices[0]!.text, t.object], ['y x', 'text_completion']);
    await assert.rejects(client('/llama2-raw').chat.completions.create({ model: 'm-llama2', messages: MESSAGES, stream: true }), (err: unknown) => {
      assert.ok(err instanceof OpenAI.BadRequestError, String(err));
      return true;
    });
  });
});

describe('completions through the gateway (the openai SDK), plain and streamed', () => {
  for (const r of COMPLETIONS) {
    it(`${r.provider}${r.options ? ` ${JSON.stringify(r.options)}` : ''} → ${r.expect ?? r.upstream}`, async () => {
      const c = await client(r.path).completions.create({ model: `m-${r.provider}`, prompt: 'x y' });
      assert.deepEqual([c.choices[0]!.text, c.choices[0]!.finish_reason, c.object], [' y x', 'stop', 'text_completion']);
      assert.equal(typeof c.id, 'string');
      assert.equal(c.usage?.completion_tokens, 2);
      assertUpstream(await mock.last(), r);
      assert.deepEqual(await streamed(await client(r.path).completions.create({ model: `m-${r.provider}`, prompt: 'x y', stream: true })), [' y x', 'stop']);
      assert.equal((await mock.last()).json!.stream, true);
    });
  }

  it('huggingface → the hosted /models/{model} (TGI\'s /): Kong\'s HF answer (object = the route type, the text in message.content), the stream as text_completion chunks', async () => {
    const c = (await client('/c-hf').completions.create({ model: 'tgi-model', prompt: 'x y', max_tokens: 2 })) as unknown as { object: string; choices: { message: { content: string } }[] };
    assert.deepEqual([c.choices[0]!.message.content, c.object], [' y x', 'llm/v1/completions']);
    assertUpstream(await mock.last(), OTHER[2]!);
    // Kong's HF stream drops TGI's finish_reason: the gateway's closing chunk says stop
    assert.deepEqual(await streamed(await client('/c-hf').completions.create({ model: 'tgi-model', prompt: 'x y', max_tokens: 2, stream: true })), [' y x', 'stop']);
  });
});

describe('embeddings through the gateway (the openai SDK, base64 as it asks by default, and float)', () => {
  for (const [r, base] of EMBEDDINGS) {
    it(`${r.provider}${r.options ? ` ${JSON.stringify(r.options)}` : ''} → ${r.expect ?? r.upstream}`, async () => {
      const input = ['ab', 'c d'];
      const e = await client(r.path).embeddings.create({ model: `m-${r.provider}`, input, encoding_format: 'float' });
      assert.equal(e.object, 'list');
      assert.deepEqual(e.data.map((d) => d.index), [0, 1]);
      assert.equal(e.usage.prompt_tokens, 3);
      assertUpstream(await mock.last(), r);
      if (base !== null) {
        const straight = await direct(base).embeddings.create({ model: `m-${r.provider}`, input, encoding_format: 'float' });
        assert.deepEqual(e.data, straight.data);
        // the SDK's default asks for base64 and decodes the float32s itself
        const b64 = await client(r.path).embeddings.create({ model: `m-${r.provider}`, input });
        assert.deepEqual(
          b64.data.map((d) => d.embedding.map((x) => Math.round(x * 1e5))),
          straight.data.map((d) => d.embedding.map((x) => Math.round(x * 1e5))),
        );
      } else {
        // Ollama's /api/embed answers {embeddings}: the driver builds OpenAI's list from them
        const native = (await (await fetch(`${mock.url}/ollama/api/embed`, { method: 'POST', body: JSON.stringify({ model: 'm', input }) })).json()) as { embeddings: number[][] };
        assert.deepEqual(e.data.map((d) => d.embedding), native.embeddings);
      }
    });
  }
});

describe("each vendor's errors reach the SDK as it sent them (Kong passes non-200 through)", () => {
  const cases: [string, number, abstract new (...args: never[]) => Error][] = [
    ['400', 400, OpenAI.BadRequestError],
    ['401', 401, OpenAI.AuthenticationError],
    ['429', 429, OpenAI.RateLimitError],
    ['500', 500, OpenAI.InternalServerError],
    ['503', 503, OpenAI.InternalServerError],
  ];
  for (const r of [...CHAT, HF]) {
    it(`${r.provider} (${r.path}): 400, 401, 429, 500, 503 — the vendor's status and body, the SDK's typed error, no X-Kong-LLM-Model`, async () => {
      for (const [fault, status, cls] of cases) {
        await assert.rejects(client(r.path, { 'x-mock-fault': fault }).chat.completions.create({ model: modelOf(r), messages: MESSAGES }), (err: unknown) => {
          assert.ok(err instanceof cls, `${fault}: ${String(err)}`);
          assert.equal((err as { status?: number }).status, status);
          return true;
        });
        for (const stream of [false, true]) {
          const body = JSON.stringify({ messages: MESSAGES, stream });
          const raw = await send(`${GW}${r.path}`, { body, headers: { 'x-mock-fault': fault } });
          const straight = await send(`${mock.url}${r.expect ?? r.upstream}`, { body: JSON.stringify({ model: modelOf(r), messages: MESSAGES, stream }), headers: { 'x-mock-fault': fault, authorization: `Bearer ${UP_TOKEN}` } });
          assert.equal(raw.status, status);
          assert.equal(raw.headers['x-kong-llm-model'], undefined);
          assert.deepEqual(json(raw), json(straight), `${fault} stream ${stream}: the vendor's own body`);
        }
      }
    });
  }
});

describe('a stream that fails mid-way, per provider', () => {
  for (const r of [...CHAT, HF]) {
    it(`${r.provider} (${r.path}): cut → the events so far, an OpenAI error event, a cut connection, never [DONE]; the SDK rejects`, async () => {
      const r1 = await send(`${GW}${r.path}`, { body: JSON.stringify({ messages: MESSAGES, stream: true, max_tokens: 3 }), headers: { 'x-mock-fault': 'cut-mid-stream' } });
      const text = r1.body.toString();
      assert.equal(r1.status, 200);
      assert.ok(!r1.ended, 'a cut stream ended as if complete');
      assert.ok(!text.includes('[DONE]'));
      assert.match(text, /^data: \{.*"chat\.completion\.chunk"/);
      assert.match(text, /data: \{"error":\{"message":"the upstream closed the stream before it ended \(reset\); the answer is incomplete","type":"upstream_error"\}\}\n\n$/);
      const sdk = client(r.path, { 'x-mock-fault': 'cut-mid-stream' }).chat.completions.stream({ model: modelOf(r), messages: MESSAGES, max_tokens: 3 });
      await assert.rejects(sdk.finalChatCompletion());
    });

    it(`${r.provider} (${r.path}): the vendor's in-stream error → an OpenAI error event, the stream's last; never [DONE]; the SDK raises`, async () => {
      const r1 = await send(`${GW}${r.path}`, { body: JSON.stringify({ messages: MESSAGES, stream: true, max_tokens: 3 }), headers: { 'x-mock-fault': 'stream-error' } });
      const text = r1.body.toString();
      assert.equal(r1.status, 200);
      assert.ok(!text.includes('[DONE]'), text);
      const lastFrame = text.trimEnd().split('\n\n').at(-1)!;
      assert.match(lastFrame, /^data: \{"error":\{"message":"[^"]+"/, text);
      const sdk = client(r.path, { 'x-mock-fault': 'stream-error' }).chat.completions.stream({ model: modelOf(r), messages: MESSAGES, max_tokens: 3 });
      await assert.rejects(sdk.finalChatCompletion(), (err: unknown) => err instanceof OpenAI.APIError || err instanceof Error);
    });
  }
});

describe('Kong rules every driver shares', () => {
  it('preserve: the body and the client\'s own path go upstream unchanged (Kong\'s override_upstream_url), auth injected', async () => {
    const body = '{"model":"anything","messages":[{"role":"user","content":"p q"}],  "custom":1}';
    const r = await send(`${GW}/openai/v1/chat/completions?x=1`, { body });
    assert.equal(r.status, 200);
    assert.equal((json(r) as { choices: { message: { content: string } }[] }).choices[0]!.message.content, ' q p');
    const rec = await mock.last();
    assert.deepEqual([rec.body, rec.path, rec.vendor, rec.auth, rec.headers.authorization], [body, '/openai/v1/chat/completions', 'openai', 'valid', `Bearer ${UP_TOKEN}`]);
    assert.deepEqual(rec.query, { x: '1' });
  });

  it('auth param_location query: the key goes in the query string', async () => {
    const r = await client('/query-auth').chat.completions.create({ model: 'm-openai', messages: MESSAGES });
    assert.equal(r.choices[0]!.message.content, ANSWER);
    const rec = await mock.last();
    assert.deepEqual([rec.path, rec.query.api_key], ['/ollama/v1/chat/completions', UP_TOKEN]);
  });

  it('another model than the configured one: 400 cannot use own model', async () => {
    const r = await send(`${GW}/deepseek`, { body: JSON.stringify({ model: 'gpt-5', messages: MESSAGES }) });
    assert.deepEqual([r.status, json(r)], [400, { error: { message: 'cannot use own model - must be: m-deepseek' } }]);
  });

  it('response_streaming deny refuses a stream; always streams a non-stream request', async () => {
    const denied = await send(`${GW}/deny`, { body: JSON.stringify({ messages: MESSAGES, stream: true }) });
    assert.deepEqual([denied.status, json(denied)], [400, { error: { message: 'response streaming is not enabled for this LLM' } }]);
    const always = await send(`${GW}/always`, { body: JSON.stringify({ messages: MESSAGES }) });
    assert.equal(always.headers['content-type'], 'text/event-stream');
    assert.ok(always.body.toString().endsWith('data: [DONE]\n\n'));
    assert.equal((await mock.last()).json!.stream, true);
  });

  it('Set-Cookie (OpenAI\'s Cloudflare cookies) is cleared from 200 answers where Kong\'s driver clears it (openai), kept elsewhere (deepseek)', async () => {
    const body = JSON.stringify({ messages: MESSAGES });
    const straight = await send(`${mock.url}/v1/chat/completions`, { body: JSON.stringify({ model: 'm', messages: MESSAGES }), headers: { authorization: `Bearer ${UP_TOKEN}` } });
    assert.equal((straight.headers['set-cookie'] as string[]).length, 2, 'the mock sends them');
    const cleared = await send(`${GW}/openai`, { body });
    const kept = await send(`${GW}/kept`, { body });
    assert.deepEqual([cleared.status, cleared.headers['set-cookie']], [200, undefined]);
    assert.deepEqual([kept.status, kept.headers['set-cookie']], [200, straight.headers['set-cookie']]);
  });

  it('max_request_body_size: Kong\'s 400', async () => {
    const r = await send(`${GW}/small`, { body: JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(100) }] }) });
    assert.deepEqual([r.status, json(r)], [400, { error: { message: 'content-type header does not match request body, or bad JSON formatting' } }]);
  });

  it('a route type that is not text: 400 naming config.route_type', async () => {
    const r = await send(`${GW}/image`, { body: '{"prompt":"a cat"}' });
    assert.equal(r.status, 400);
    assert.match((json(r) as { error: { message: string } }).error.message, /^config\.route_type 'image\/v1\/images\/generations' is not supported by this gateway/);
  });

  it('log_statistics: one line with provider, model, usage and cost from input_cost/output_cost', async () => {
    await client('/openai').chat.completions.create({ model: 'm-openai', messages: [{ role: 'user', content: 'cost me now' }] });
    await new Promise((r) => setTimeout(r, 100));
    const line = gw.stdout().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).findLast((l) => l.ai?.proxy?.meta?.provider_name === 'openai');
    assert.ok(line, 'no usage line');
    assert.deepEqual(line.ai.proxy.usage.prompt_tokens, 3);
    assert.deepEqual(line.ai.proxy.usage.completion_tokens, 3);
    assert.equal(line.ai.proxy.usage.cost, (3 * 1000 + 3 * 2000) / 1e6);
    assert.equal(line.ai.proxy.meta.request_model, 'm-openai');
  });

  it('no upstream credential anywhere in the gateway\'s output', () => {
    assert.doesNotMatch(gw.stdout() + gw.stderr(), /sk-upstream-Secret-42/);
  });
});
