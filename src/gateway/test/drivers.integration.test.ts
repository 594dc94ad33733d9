// The `openai` SDK as a real client through bin/ai-gateway against a route of every
// OpenAI-compatible provider (and Hugging Face), the upstream being the in-test OpenAI/Ollama
// wire server (openai-upstream.ts; bin/mock-llm replaces it when it lands) and bin/mock-tgi.
// Also Kong's rules every driver shares: own model, response_streaming, max_request_body_size,
// log_statistics with cost, X-Kong-LLM-Model, upstream errors passed through, non-text routes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { StartedProcess } from '../../testing/tgi/index.js';
import { json, send } from './client.js';
import { startGatewayProcess, startTgi, tempFile, TOKEN } from './harness.js';
import { startOpenAiUpstream, type OpenAiUpstream } from './openai-upstream.js';

const UP_TOKEN = 'sk-upstream-Secret-42';
let upstream: OpenAiUpstream;
let tgi: StartedProcess;
let gw: StartedProcess;
let GW: string;

interface RouteSpec {
  readonly path: string;
  readonly provider: string;
  readonly routeType?: string;
  readonly options?: Record<string, unknown>;
  /** appended to the upstream's origin for upstream_url ('' = no path) */
  readonly upstreamPath?: string;
  readonly extra?: string;
}

/** Every OpenAI-format provider route: [route path, provider, options, upstream path]. */
const CHAT: RouteSpec[] = [
  { path: '/openai', provider: 'openai', upstreamPath: '/v1/chat/completions', extra: 'logging: { log_statistics: true, log_payloads: false }', options: { input_cost: 1000, output_cost: 2000 } },
  { path: '/cerebras', provider: 'cerebras', upstreamPath: '/v1/chat/completions' },
  { path: '/dashscope', provider: 'dashscope', upstreamPath: '/compatible-mode/v1/chat/completions' },
  { path: '/xai', provider: 'xai', upstreamPath: '/v1/chat/completions' },
  { path: '/databricks', provider: 'databricks', upstreamPath: '/serving-endpoints/v1/chat/completions' },
  { path: '/deepseek', provider: 'deepseek', upstreamPath: '/v1/chat/completions' },
  { path: '/vllm', provider: 'vllm', upstreamPath: '' },
  { path: '/mistral', provider: 'mistral', upstreamPath: '/v1/chat/completions', options: { mistral_format: 'openai' } },
  { path: '/llama2', provider: 'llama2', upstreamPath: '/v1/chat/completions', options: { llama2_format: 'openai' } },
  { path: '/ollama', provider: 'ollama', upstreamPath: '' },
  { path: '/mistral-ollama', provider: 'mistral', upstreamPath: '/api/chat', options: { mistral_format: 'ollama' } },
  { path: '/llama2-ollama', provider: 'llama2', upstreamPath: '/api/chat', options: { llama2_format: 'ollama' } },
];
const OTHER: RouteSpec[] = [
  { path: '/completions', provider: 'openai', routeType: 'llm/v1/completions', upstreamPath: '/v1/completions' },
  { path: '/embeddings', provider: 'openai', routeType: 'llm/v1/embeddings', upstreamPath: '/v1/embeddings' },
  { path: '/ollama-completions', provider: 'ollama', routeType: 'llm/v1/completions', upstreamPath: '' },
  { path: '/ollama-embeddings', provider: 'ollama', routeType: 'llm/v1/embeddings', upstreamPath: '' },
  { path: '/preserve', provider: 'openai', routeType: 'preserve', upstreamPath: '' },
  { path: '/deny', provider: 'openai', upstreamPath: '/v1/chat/completions', extra: 'response_streaming: deny' },
  { path: '/always', provider: 'openai', upstreamPath: '/v1/chat/completions', extra: 'response_streaming: always' },
  { path: '/small', provider: 'openai', upstreamPath: '/v1/chat/completions', extra: 'max_request_body_size: 64' },
  { path: '/image', provider: 'openai', routeType: 'image/v1/images/generations', upstreamPath: '/v1/images/generations' },
];

function config(up: string, tgiUrl: string): string {
  const route = (r: RouteSpec, auth = `auth: { header_name: Authorization, header_value: "Bearer ${UP_TOKEN}" }`) => `
      - name: r${r.path.replaceAll('/', '-')}
        paths: [${r.path}]
        plugins:
          - name: ai-proxy
            config:
              route_type: ${r.routeType ?? 'llm/v1/chat'}
              ${auth}
              ${r.extra ?? ''}
              model: { provider: ${r.provider}, name: m-${r.provider}, options: ${JSON.stringify({ upstream_url: `${up}${r.upstreamPath ?? ''}`, ...r.options })} }`;
  return `_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:8080
    routes:${[...CHAT, ...OTHER].map((r) => route(r)).join('')}${route({ path: '/query-auth', provider: 'openai', upstreamPath: '/v1/chat/completions' }, `auth: { param_name: api_key, param_value: "${UP_TOKEN}", param_location: query }`)}
      - name: hf
        paths: [/hf]
        plugins:
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              auth: { header_name: Authorization, header_value: "Bearer ${TOKEN}" }
              model: { provider: huggingface, name: tgi-model, options: { upstream_url: "${tgiUrl}" } }
`;
}

before(async () => {
  upstream = await startOpenAiUpstream(UP_TOKEN);
  tgi = await startTgi();
  gw = await startGatewayProcess(tempFile('kong.yaml', config(upstream.url, tgi.listeners.get('mock-tgi')!)), {});
  GW = gw.listeners.get('proxy')!;
});

after(async () => {
  await Promise.all([gw?.kill(), tgi?.kill(), upstream?.close()]);
});

const client = (path: string) => new OpenAI({ apiKey: 'client-own-key', baseURL: `${GW}${path}`, maxRetries: 0 });
const MESSAGES = [{ role: 'user' as const, content: 'one two three' }];
const last = () => upstream.requests[upstream.requests.length - 1]!;

describe('the openai SDK through the gateway, one route per OpenAI-format provider', () => {
  for (const r of CHAT) {
    describe(`${r.provider} (${r.path})`, () => {
      it('chat.completions.create: the answer, the configured credential upstream, X-Kong-LLM-Model', async () => {
        const { data, response } = await client(r.path).chat.completions.create({ model: `m-${r.provider}`, messages: MESSAGES }).withResponse();
        assert.equal(data.choices[0]!.message.content, 'three two one');
        assert.equal(data.choices[0]!.finish_reason, 'stop');
        assert.equal(typeof data.id, 'string');
        assert.equal(typeof data.created, 'number');
        assert.equal(data.usage?.completion_tokens, 3);
        assert.equal(response.headers.get('x-kong-llm-model'), `${r.provider}/m-${r.provider}`);
        const rec = last();
        assert.equal(rec.headers.authorization, `Bearer ${UP_TOKEN}`);
        assert.equal(JSON.parse(rec.body).model, `m-${r.provider}`);
        if (r.provider === 'vllm') assert.equal(rec.url, '/v1/chat/completions');
        if (r.provider === 'ollama') assert.equal(rec.url, '/api/chat');
        if (r.upstreamPath) assert.equal(rec.url, r.upstreamPath);
      });

      it('chat.completions.stream(…).finalChatCompletion(), with the include_usage chunk', async () => {
        const stream = client(r.path).chat.completions.stream({ model: `m-${r.provider}`, messages: MESSAGES, stream_options: { include_usage: true } });
        const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
        stream.on('chunk', (c) => chunks.push(c));
        const final = await stream.finalChatCompletion();
        assert.equal(final.choices[0]!.message.content, 'three two one');
        assert.equal(final.choices[0]!.finish_reason, 'stop');
        const usage = chunks.find((c) => c.usage);
        assert.ok(usage, 'no usage chunk');
        assert.equal(usage.usage!.completion_tokens, 3);
        assert.ok(chunks.every((c) => typeof c.id === 'string' && typeof c.created === 'number' && c.model));
      });
    });
  }

  it('huggingface (TGI): finalChatCompletion() no longer throws `missing finish_reason for choice 0`', async () => {
    const final = await client('/hf').chat.completions.stream({ model: 'tgi-model', messages: [{ role: 'user', content: 'a b' }], max_tokens: 2 }).finalChatCompletion();
    assert.equal(final.choices[0]!.finish_reason, 'length');
    assert.equal(final.choices[0]!.message.content, ' b a');
    assert.equal(typeof final.id, 'string');
  });

  it('huggingface (TGI): include_usage gets a usage chunk (TGI\'s counts, or Kong\'s estimates)', async () => {
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    const s = await client('/hf').chat.completions.create({ model: 'tgi-model', messages: [{ role: 'user', content: 'a b c' }], max_tokens: 3, stream: true, stream_options: { include_usage: true } });
    for await (const c of s) chunks.push(c);
    const usage = chunks.at(-1)?.usage;
    assert.ok(usage && usage.completion_tokens > 0 && usage.prompt_tokens > 0, JSON.stringify(chunks.at(-1)));
    assert.deepEqual(chunks.at(-1)?.choices, []);
  });

  it('completions and embeddings (openai)', async () => {
    const c = await client('/completions').completions.create({ model: 'm-openai', prompt: 'x y' });
    assert.equal(c.choices[0]!.text, 'y x');
    const s = await client('/completions').completions.create({ model: 'm-openai', prompt: 'x y', stream: true });
    let text = '';
    let finish: string | null = null;
    for await (const chunk of s) {
      text += chunk.choices[0]?.text ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.deepEqual([text, finish], ['y x', 'stop']);
    const e = await client('/embeddings').embeddings.create({ model: 'm-openai', input: ['ab', 'c'] });
    assert.equal(e.data.length, 2);
    assert.equal(e.usage.prompt_tokens, 2);
  });

  it('ollama completions (prompt → /api/generate, NDJSON back as text_completion chunks) and embeddings (/api/embed)', async () => {
    const s = await client('/ollama-completions').completions.create({ model: 'm-ollama', prompt: 'x y', stream: true });
    let text = '';
    let finish: string | null = null;
    for await (const chunk of s) {
      text += chunk.choices[0]?.text ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.deepEqual([text, finish, last().url], ['y x', 'stop', '/api/generate']);
    const e = await client('/ollama-embeddings').embeddings.create({ model: 'm-ollama', input: ['ab', 'c'], encoding_format: 'float' });
    assert.deepEqual([e.data.length, e.data[1]!.embedding, e.usage.prompt_tokens, last().url], [2, [0.1, 0.5], 2, '/api/embed']);
  });

  it('preserve: the body and the client\'s own path go upstream unchanged (Kong\'s override_upstream_url), auth injected', async () => {
    const body = '{"model":"anything","messages":[{"role":"user","content":"p q"}],  "custom":1}';
    const r = await send(`${GW}/preserve/v1/chat/completions?x=1`, { body });
    assert.equal(r.status, 200);
    assert.equal(last().body, body);
    assert.equal(last().url, '/preserve/v1/chat/completions?x=1');
    assert.equal(last().headers.authorization, `Bearer ${UP_TOKEN}`);
  });

  it('auth param_location query: the key goes in the query string, never the client\'s header alone', async () => {
    const r = await client('/query-auth').chat.completions.create({ model: 'm-openai', messages: MESSAGES });
    assert.equal(r.choices[0]!.message.content, 'three two one');
    assert.match(last().url, /\?api_key=sk-upstream-Secret-42$/);
  });
});

describe('upstream errors reach the SDK as the vendor sent them (Kong passes non-200 through)', () => {
  const cases: [string, number, abstract new (...args: never[]) => Error][] = [
    ['bad_request', 400, OpenAI.BadRequestError],
    ['unauthorized', 401, OpenAI.AuthenticationError],
    ['rate_limited', 429, OpenAI.RateLimitError],
    ['server_error', 500, OpenAI.InternalServerError],
    ['overloaded', 503, OpenAI.InternalServerError],
  ];
  for (const [outcome, status, cls] of cases) {
    it(`${status} ${outcome}`, async () => {
      const c = new OpenAI({ apiKey: 'k', baseURL: `${GW}/openai`, maxRetries: 0, defaultHeaders: { 'x-test-outcome': outcome } });
      await assert.rejects(c.chat.completions.create({ model: 'm-openai', messages: MESSAGES }), (err: unknown) => {
        assert.ok(err instanceof cls, `${String(err)}`);
        assert.equal((err as { status?: number }).status, status);
        return true;
      });
      const raw = await send(`${GW}/openai`, { body: JSON.stringify({ messages: MESSAGES }), headers: { 'x-test-outcome': outcome } });
      assert.equal(raw.headers['x-kong-llm-model'], undefined);
      assert.equal(raw.status, status);
    });
  }
});

describe('a stream the upstream cuts mid-way', () => {
  for (const path of ['/openai', '/ollama']) {
    it(`${path}: the client gets the events so far, then an OpenAI error event and a cut connection, never [DONE]`, async () => {
      const r = await send(`${GW}${path}`, { body: JSON.stringify({ messages: MESSAGES, stream: true }), headers: { 'x-test-outcome': 'cut' } });
      const text = r.body.toString();
      assert.equal(r.status, 200);
      assert.ok(!r.ended, 'a cut stream ended as if complete');
      assert.ok(!text.includes('[DONE]'));
      assert.match(text, /"content":" answer"/);
      assert.match(text, /data: \{"error":\{"message":"the upstream closed the stream before it ended \(reset\); the answer is incomplete","type":"upstream_error"\}\}\n\n$/);
      const sdk = client(path).chat.completions.stream({ model: 'ignored', messages: MESSAGES }, { headers: { 'x-test-outcome': 'cut' } });
      await assert.rejects(sdk.finalChatCompletion());
    });
  }
});

describe('Kong rules every driver shares', () => {
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
    assert.equal(JSON.parse(last().body).stream, true);
  });

  it('Set-Cookie is cleared from 200 answers where Kong\'s driver clears it (openai, mistral), kept elsewhere', async () => {
    const body = JSON.stringify({ messages: MESSAGES });
    const cleared = await send(`${GW}/openai`, { body });
    const kept = await send(`${GW}/deepseek`, { body });
    assert.deepEqual([cleared.status, cleared.headers['set-cookie']], [200, undefined]);
    assert.deepEqual(kept.headers['set-cookie'], ['__cf_bm=vendor-cookie; path=/']);
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
    assert.doesNotMatch(gw.stdout() + gw.stderr(), /sk-upstream-Secret-42/);
  });
});
