// Real clients through bin/ai-gateway to bin/mock-llm (both real processes, `make build`; the
// mock's request record read over GET /__mock/requests, its Vertex token endpoint checking the
// service account's signature) for the
// gemini (Gemini API and Vertex AI), cohere and azure drivers: the `openai` SDK on each
// OpenAI-format route (create, stream().finalChatCompletion() with the usage chunk, the
// vendor's errors as the SDK's typed errors, cut and failed streams), the vendors' own SDKs on
// the native llm_format routes (@google/genai, cohere-ai) answering what they answer straight
// to the mock, the credential in the vendor's place and never in the gateway's output, and
// explain naming driver, URL and credential place.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { GoogleGenAI } from '@google/genai';
import { CohereClient, CohereClientV2 } from 'cohere-ai';
import OpenAI from 'openai';
import type { RecordedRequest } from '../../mock-llm/index.js';
import type { StartedProcess } from '../../testing/tgi/index.js';
import { json, send } from './client.js';
import { startGatewayProcess, tempFile } from './harness.js';
import { startMockLlm, type MockLlmProcess } from './mock-llm-process.js';

const KEY = 'sk-vendor-Secret-6a1b';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
let mock: MockLlmProcess;
let MOCK: string;
let gw: StartedProcess;
let GW: string;
let STATUS: string;

function config(): string {
  const sa = JSON.stringify({ type: 'service_account', project_id: 'p1', private_key_id: 'k1', private_key: PRIVATE_PEM, client_email: 'gw@p1.iam.gserviceaccount.com', token_uri: `${MOCK}/token` });
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const wrongSa = JSON.stringify({ ...JSON.parse(sa), private_key: otherKey });
  const route = (path: string, plugin: Record<string, unknown>) => `
      - name: r${path.replaceAll('/', '-')}
        paths: [${path}]
        plugins:
          - name: ai-proxy
            config: ${JSON.stringify({ route_type: 'llm/v1/chat', ...plugin })}`;
  const bearer = { header_name: 'Authorization', header_value: `Bearer ${KEY}` };
  return `_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:8080
    routes:${[
      route('/gemini', { auth: { param_name: 'key', param_value: KEY, param_location: 'query' }, model: { provider: 'gemini', name: 'gemini-2.0-flash', options: { upstream_url: MOCK } } }),
      route('/gemini-header', { auth: { header_name: 'x-goog-api-key', header_value: KEY }, model: { provider: 'gemini', name: 'gemini-2.0-flash', options: { upstream_url: MOCK, max_tokens: 2 } } }),
      route('/vertex', {
        auth: { gcp_use_service_account: true, gcp_service_account_json: sa },
        model: { provider: 'gemini', name: 'gemini-2.0-flash', options: { upstream_url: MOCK, gemini: { api_endpoint: 'us-central1-aiplatform.googleapis.com', project_id: 'p1', location_id: 'us-central1' } } },
      }),
      route('/gemini-native', { llm_format: 'gemini', logging: { log_statistics: true, log_payloads: false }, auth: { header_name: 'x-goog-api-key', header_value: KEY }, model: { provider: 'gemini', name: 'gemini-2.0-flash', options: { upstream_url: MOCK } } }),
      route('/vertex-wrong-key', {
        auth: { gcp_use_service_account: true, gcp_service_account_json: wrongSa },
        model: { provider: 'gemini', name: 'gemini-2.0-flash', options: { upstream_url: MOCK, gemini: { api_endpoint: 'x', project_id: 'p1', location_id: 'us-central1' } } },
      }),
      route('/vertex-native', {
        llm_format: 'gemini',
        auth: { gcp_use_service_account: true, gcp_service_account_json: sa },
        model: { provider: 'gemini', name: 'gemini-2.0-flash', options: { upstream_url: MOCK, gemini: { api_endpoint: 'us-central1-aiplatform.googleapis.com', project_id: 'p1', location_id: 'us-central1' } } },
      }),
      route('/cohere', { auth: bearer, logging: { log_statistics: true, log_payloads: false }, model: { provider: 'cohere', name: 'command-r', options: { upstream_url: `${MOCK}/v1/chat`, input_cost: 1000, output_cost: 2000 } } }),
      route('/cohere-completions', { route_type: 'llm/v1/completions', auth: bearer, model: { provider: 'cohere', name: 'command', options: { upstream_url: `${MOCK}/v1/generate` } } }),
      route('/cohere-native', { llm_format: 'cohere', logging: { log_statistics: true, log_payloads: false }, auth: bearer, model: { provider: 'cohere', name: 'command-r', options: { upstream_url: MOCK } } }),
      route('/azure', { auth: { header_name: 'api-key', header_value: KEY }, model: { provider: 'azure', name: 'gpt-4o', options: { upstream_url: `${MOCK}/openai/deployments/dep1/chat/completions`, azure_instance: 'inst', azure_deployment_id: 'dep1', azure_api_version: '2024-10-21' } } }),
      // what Kong 3.10 does not have: gemini and cohere embeddings, Vertex express mode (an API key, no project/location)
      route('/gemini-embeddings', { route_type: 'llm/v1/embeddings', auth: { param_name: 'key', param_value: KEY, param_location: 'query' }, model: { provider: 'gemini', name: 'text-embedding-004', options: { upstream_url: MOCK } } }),
      route('/cohere-embeddings', { route_type: 'llm/v1/embeddings', auth: bearer, model: { provider: 'cohere', name: 'embed-english-v3.0', options: { upstream_url: MOCK, cohere: { embedding_input_type: 'search_document' } } } }),
      route('/vertex-express', { auth: { param_name: 'key', param_value: KEY, param_location: 'query' }, model: { provider: 'gemini', name: 'gemini-2.0-flash', options: { upstream_url: MOCK, gemini: { api_endpoint: 'aiplatform.googleapis.com' } } } }),
      route('/azure-completions', { route_type: 'llm/v1/completions', auth: { header_name: 'api-key', header_value: KEY }, model: { provider: 'azure', name: 'gpt-35-turbo-instruct', options: { upstream_url: `${MOCK}/openai/deployments/inst1/completions`, azure_instance: 'inst', azure_deployment_id: 'inst1' } } }),
      route('/azure-embeddings', { route_type: 'llm/v1/embeddings', auth: { header_name: 'api-key', header_value: KEY }, model: { provider: 'azure', name: 'text-embedding-3-small', options: { upstream_url: `${MOCK}/openai/deployments/emb/embeddings`, azure_instance: 'inst', azure_deployment_id: 'emb' } } }),
      route('/azure-default', { auth: { header_name: 'api-key', header_value: KEY }, model: { provider: 'azure', name: 'gpt-4o', options: { azure_instance: 'inst', azure_deployment_id: 'dep1', azure_api_version: '2024-10-21' } } }),
      route('/azure-mi', { auth: { azure_use_managed_identity: true }, model: { provider: 'azure', name: 'gpt-4o', options: { azure_instance: 'inst', azure_deployment_id: 'dep1' } } }),
    ].join('')}
`;
}

before(async () => {
  // the mock reads the service account's key from the file (its token_uri does not matter to it)
  const saFile = tempFile('sa.json', JSON.stringify({ type: 'service_account', client_email: 'gw@p1.iam.gserviceaccount.com', private_key: PRIVATE_PEM }));
  mock = await startMockLlm(['--gcp-service-account', saFile], { MOCK_LLM_KEY: KEY });
  MOCK = mock.url;
  gw = await startGatewayProcess(tempFile('kong.yaml', config()), {});
  GW = gw.listeners.get('proxy')!;
  STATUS = gw.listeners.get('status')!;
});

after(async () => {
  await Promise.all([gw?.kill(), mock?.proc.kill()]);
});

const client = (path: string, headers: Record<string, string> = {}) => new OpenAI({ apiKey: 'client-own-key', baseURL: `${GW}${path}`, maxRetries: 0, defaultHeaders: headers });
const MESSAGES = [
  { role: 'system' as const, content: 'be brief' },
  { role: 'user' as const, content: 'one two three' },
];
type Stats = { meta: Record<string, unknown>; usage: { prompt_tokens: number; completion_tokens: number } };
/** The log_statistics lines for requests to `uri` (query string aside), oldest first. */
function statsLines(uri: string): Stats[] {
  return gw.stdout().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).filter((l) => l.request?.uri === uri || l.request?.uri?.startsWith(`${uri}?`)).map((l) => l.ai.proxy);
}
/** The statistics of the next request to `uri` after `seen` lines (the gateway writes them once the answer is done). */
async function statsFor(uri: string, seen: number): Promise<Stats> {
  for (let i = 0; i < 100; i++) {
    const lines = statsLines(uri);
    if (lines.length > seen) return lines.at(-1)!;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no statistics line for ${uri}`);
}
/** Everything the mock received, oldest first (GET /__mock/requests). */
const all = async (): Promise<RecordedRequest[]> => (await mock.requests()) as unknown as RecordedRequest[];
const recorded = async (): Promise<RecordedRequest[]> => (await all()).filter((r) => r.path !== '/token');
const last = async (): Promise<RecordedRequest> => (await recorded()).at(-1)!;

interface Case {
  readonly path: string;
  readonly model: string;
  readonly vendor: string;
  /** What the upstream request must look like: path, credential place, body. */
  check(r: RecordedRequest, stream: boolean): void;
}

const CASES: Case[] = [
  {
    path: '/gemini',
    model: 'gemini-2.0-flash',
    vendor: 'gemini',
    check(r, stream) {
      assert.equal(r.path.split('?')[0], `/v1beta/models/gemini-2.0-flash:${stream ? 'streamGenerateContent' : 'generateContent'}`);
      const q = new URLSearchParams(r.query);
      assert.equal(q.get('key'), KEY, 'the key in the query (param_location: query)');
      assert.equal(q.get('alt'), null, 'streams come as Gemini\'s JSON array, as Kong asks for them');
      if (stream) assert.equal(r.eventsSent >= 3, true, 'the mock wrote the array element by element');
      const body = r.json as Record<string, unknown>;
      assert.deepEqual(body.systemInstruction, { parts: [{ text: 'be brief' }] });
      assert.deepEqual(body.contents, [{ role: 'user', parts: [{ text: 'one two three' }] }]);
      assert.equal(body.model, undefined);
      assert.equal(body.stream, undefined);
    },
  },
  {
    path: '/vertex',
    model: 'gemini-2.0-flash',
    vendor: 'vertex',
    check(r, stream) {
      assert.equal(r.path, `/v1/projects/p1/locations/us-central1/publishers/google/models/gemini-2.0-flash:${stream ? 'streamGenerateContent' : 'generateContent'}`);
      assert.match(String(r.headers.authorization), /^Bearer ya29\.mock-/);
      assert.equal(r.auth, 'valid');
    },
  },
  {
    path: '/cohere',
    model: 'command-r',
    vendor: 'cohere',
    check(r, stream) {
      assert.equal(r.path, '/v1/chat');
      assert.equal(r.headers.authorization, `Bearer ${KEY}`);
      assert.deepEqual(r.json, { model: 'command-r', stream, chat_history: [{ role: 'USER', message: 'be brief' }], message: 'one two three' });
    },
  },
  {
    path: '/azure',
    model: 'gpt-4o',
    vendor: 'azure',
    check(r, stream) {
      assert.equal(r.path.split('?')[0], '/openai/deployments/dep1/chat/completions');
      assert.equal(new URLSearchParams(r.query).get('api-version'), '2024-10-21');
      assert.equal(r.headers['api-key'], KEY);
      assert.equal(r.headers.authorization, 'Bearer client-own-key', 'Kong forwards the client headers it does not replace');
      assert.equal((r.json as { stream?: boolean }).stream, stream);
    },
  },
];

describe('the openai SDK through the gateway: gemini, vertex, cohere, azure', () => {
  for (const c of CASES) {
    describe(`${c.vendor} (${c.path})`, () => {
      it('chat.completions.create: the answer, finish_reason, usage, X-Kong-LLM-Model; the request as the vendor takes it', async () => {
        const { data, response } = await client(c.path).chat.completions.create({ model: c.model, messages: MESSAGES }).withResponse();
        assert.equal(data.choices[0]!.message.content?.trim(), 'three two one');
        assert.equal(data.choices[0]!.finish_reason, 'stop');
        assert.equal(data.object, 'chat.completion');
        assert.equal(typeof data.id, 'string');
        assert.equal(typeof data.created, 'number');
        assert.equal(data.usage?.completion_tokens, 3);
        assert.equal(response.headers.get('x-kong-llm-model'), `${c.vendor === 'vertex' ? 'gemini' : c.vendor}/${c.model}`);
        const r = await last();
        assert.equal(r.vendor, c.vendor);
        assert.equal(r.status, 200);
        c.check(r, false);
      });

      it('chat.completions.stream(…).finalChatCompletion(), with the include_usage chunk', async () => {
        const stream = client(c.path).chat.completions.stream({ model: c.model, messages: MESSAGES, stream_options: { include_usage: true } });
        const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
        stream.on('chunk', (ch) => chunks.push(ch));
        const final = await stream.finalChatCompletion();
        assert.equal(final.choices[0]!.message.content?.trim(), 'three two one');
        assert.equal(final.choices[0]!.finish_reason, 'stop');
        const usage = chunks.find((ch) => ch.usage);
        assert.equal(usage?.usage?.completion_tokens, 3);
        const bad = chunks.filter((ch) => !(typeof ch.id === 'string' && ch.id === chunks[0]!.id && typeof ch.created === 'number' && typeof ch.model === 'string'));
        assert.deepEqual(bad, [], 'every chunk has the stream id, created and model (Azure: model "" on its first, passed through as Kong does)');
        assert.ok(chunks.filter((ch) => ch.choices.length > 0).length >= 3, 'event by event, not one buffered chunk');
        c.check(await last(), true);
      });

      it('max_tokens cuts the answer: finish_reason length', async () => {
        const r = await client(c.path).chat.completions.create({ model: c.model, messages: MESSAGES, max_tokens: 2 });
        assert.equal(r.choices[0]!.finish_reason, 'length');
        assert.equal(r.choices[0]!.message.content?.trim(), 'three two');
        const s = await client(c.path).chat.completions.stream({ model: c.model, messages: MESSAGES, max_tokens: 2 }).finalChatCompletion();
        assert.equal(s.choices[0]!.finish_reason, 'length');
      });

      const errors: [string, number, abstract new (...args: never[]) => Error][] = [
        ['400', 400, OpenAI.BadRequestError],
        ['401', 401, OpenAI.AuthenticationError],
        ['429', 429, OpenAI.RateLimitError],
        ['500', 500, OpenAI.InternalServerError],
        ['503', 503, OpenAI.InternalServerError],
      ];
      for (const [fault, status, cls] of errors) {
        it(`upstream ${status}: the vendor's status and body reach the SDK as its typed error`, async () => {
          await assert.rejects(client(c.path, { 'x-mock-fault': fault }).chat.completions.create({ model: c.model, messages: MESSAGES }), (err: unknown) => {
            assert.ok(err instanceof cls, String(err));
            assert.equal((err as { status?: number }).status, status);
            return true;
          });
          const raw = await send(`${GW}${c.path}`, { body: JSON.stringify({ messages: MESSAGES }), headers: { 'x-mock-fault': fault } });
          assert.equal(raw.status, status);
          assert.equal(raw.headers['x-kong-llm-model'], undefined);
          const direct = (await all()).at(-1)!;
          assert.equal(direct.status, status);
          // the same call straight to the mock (as the gateway sent it) answers the same body
          const query = new URLSearchParams(direct.query as Record<string, string>).toString();
          const headers = Object.fromEntries(Object.entries(direct.headers).filter(([k]) => !['host', 'content-length', 'connection', 'transfer-encoding'].includes(k)).map(([k, v]) => [k, String(v)]));
          const straight = await send(`${MOCK}${direct.path}${query ? `?${query}` : ''}`, { body: direct.body, headers });
          assert.equal(straight.status, status);
          assert.deepEqual(json(raw), json(straight), "the vendor's own error body, unchanged");
        });
      }

      it('a stream cut mid-way: the events so far, an OpenAI error event, a cut connection, never [DONE]; the SDK rejects', async () => {
        const r = await send(`${GW}${c.path}`, { body: JSON.stringify({ messages: MESSAGES, stream: true }), headers: { 'x-mock-fault': 'cut-mid-stream' } });
        const text = r.body.toString();
        assert.equal(r.status, 200);
        assert.ok(!text.includes('[DONE]'), text);
        assert.match(text, /data: \{"error":\{"message":"the upstream closed the stream before it ended/);
        await assert.rejects(client(c.path, { 'x-mock-fault': 'cut-mid-stream' }).chat.completions.stream({ model: c.model, messages: MESSAGES }).finalChatCompletion());
      });

      it("the vendor's in-stream error: an OpenAI error event, the stream's last, never [DONE]; the SDK raises", async () => {
        const r = await send(`${GW}${c.path}`, { body: JSON.stringify({ messages: MESSAGES, stream: true }), headers: { 'x-mock-fault': 'stream-error' } });
        const text = r.body.toString();
        assert.equal(r.status, 200);
        assert.ok(!text.includes('[DONE]'), text);
        const frames = text.split('\n\n').filter(Boolean);
        assert.ok(frames.length >= 2, text);
        assert.match(frames.at(-1)!, /^data: \{"error":\{"message":/);
        await assert.rejects(client(c.path, { 'x-mock-fault': 'stream-error' }).chat.completions.stream({ model: c.model, messages: MESSAGES }).finalChatCompletion());
      });
    });
  }
});

describe('more routes', () => {
  it('gemini with the key in x-goog-api-key (header auth) and model.options.max_tokens winning (maxOutputTokens)', async () => {
    const r = await client('/gemini-header').chat.completions.create({ model: 'gemini-2.0-flash', messages: MESSAGES, max_tokens: 10, temperature: 0.5, top_p: 0.9, stop: 'x' });
    assert.equal(r.choices[0]!.finish_reason, 'length');
    const rec = await last();
    assert.equal(rec.headers['x-goog-api-key'], KEY);
    assert.equal(new URLSearchParams(rec.query).get('key'), null);
    assert.deepEqual((rec.json as { generationConfig: unknown }).generationConfig, { maxOutputTokens: 2, stopSequences: ['x'], temperature: 0.5, topP: 0.9 });
  });

  it("a body Gemini cannot take: Kong's 400 with the gemini driver's reason (cohere: without); nothing sent upstream", async () => {
    const before = (await recorded()).length;
    const r = await send(`${GW}/gemini/chat/completions`, { body: JSON.stringify({ model: 'gemini-2.0-flash', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }] }] }) });
    assert.deepEqual([r.status, json(r)], [400, { error: { message: "error transforming to gemini://llm/v1/chat: cannot transform part of type 'input_audio' to Gemini format" } }]);
    const c = await send(`${GW}/cohere/chat/completions`, { body: JSON.stringify({ messages: [null] }) });
    assert.deepEqual([c.status, json(c)], [400, { error: { message: 'error transforming to cohere://llm/v1/chat' } }], 'cohere: Kong gives no reason');
    assert.equal((await recorded()).length, before);
  });

  it('vertex: the service-account token is minted at token_uri once and reused by later calls', async () => {
    const minted = async () => (await all()).filter((r) => r.path === '/token' && r.status === 200);
    await client('/vertex').chat.completions.create({ model: 'gemini-2.0-flash', messages: MESSAGES });
    const before = (await minted()).length;
    assert.ok(before >= 1);
    await Promise.all([1, 2, 3].map(() => client('/vertex').chat.completions.create({ model: 'gemini-2.0-flash', messages: MESSAGES })));
    assert.equal((await minted()).length, before, 'no new token exchange');
    const bearer = new Set((await recorded()).filter((r) => r.vendor === 'vertex').slice(-4).map((r) => r.headers.authorization));
    assert.equal(bearer.size, 1, 'the same token on each call');
  });

  it("vertex: a token endpoint that refuses the service account's JWT is Kong's 500 `LLM request failed before proxying`; the log says why, without a secret", async () => {
    const before = (await recorded()).length;
    const r = await send(`${GW}/vertex-wrong-key/chat/completions`, { body: JSON.stringify({ messages: MESSAGES }) });
    assert.deepEqual([r.status, json(r)], [500, { error: { message: 'LLM request failed before proxying' } }]);
    assert.equal((await recorded()).length, before, 'nothing reached Vertex');
    const refused = (await all()).filter((x) => x.path === '/token').at(-1)!;
    assert.equal(refused.status, 400);
    const line = (gw.stdout() + gw.stderr()).split('\n').find((l) => l.includes('could not authorize the upstream call'));
    assert.ok(line, 'a log line');
    assert.match(line, /service account token request to http:\/\/127\.0\.0\.1:\d+\/token answered 400 \(invalid_grant\)/);
  });

  it('cohere completions: prompt → /v1/generate, text_completion back, streamed as text_completion chunks', async () => {
    const c = await client('/cohere-completions').completions.create({ model: 'command', prompt: 'x y' });
    assert.equal(c.choices[0]!.text.trim(), 'y x');
    assert.equal(c.usage?.completion_tokens, 2);
    assert.equal((await last()).path, '/v1/generate');
    const s = await client('/cohere-completions').completions.create({ model: 'command', prompt: 'x y', stream: true });
    let text = '';
    let finish: string | null = null;
    for await (const chunk of s) {
      text += chunk.choices[0]?.text ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.deepEqual([text.trim(), finish], ['y x', 'stop']);
  });

  it('azure embeddings: the deployment path, api-version defaulting to 2023-05-15', async () => {
    const e = await client('/azure-embeddings').embeddings.create({ model: 'text-embedding-3-small', input: ['ab', 'c'], encoding_format: 'float' });
    assert.equal(e.data.length, 2);
    assert.equal((await last()).path.split('?')[0], '/openai/deployments/emb/embeddings');
    assert.equal(new URLSearchParams((await last()).query).get('api-version'), '2023-05-15');
  });

  it('azure completions: the deployment path, text_completion back, streamed as text_completion chunks', async () => {
    const c = await client('/azure-completions').completions.create({ model: 'gpt-35-turbo-instruct', prompt: 'x y' });
    assert.deepEqual([c.choices[0]!.text, c.choices[0]!.finish_reason, c.object, c.usage?.completion_tokens], [' y x', 'stop', 'text_completion', 2]);
    const r = await last();
    assert.deepEqual([r.vendor, r.path, new URLSearchParams(r.query as Record<string, string>).get('api-version'), r.headers['api-key'], r.auth], ['azure', '/openai/deployments/inst1/completions', '2023-05-15', KEY, 'valid']);
    let text = '';
    let finish: string | null = null;
    for await (const chunk of await client('/azure-completions').completions.create({ model: 'gpt-35-turbo-instruct', prompt: 'x y', stream: true })) {
      text += chunk.choices[0]?.text ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.deepEqual([text, finish], [' y x', 'stop']);
  });

  it("azure: the client's own api-version wins (Kong)", async () => {
    await client('/azure').chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }, { query: { 'api-version': '2025-01-01-preview' } });
    assert.equal(new URLSearchParams((await last()).query).get('api-version'), '2025-01-01-preview');
  });

  it('azure_use_managed_identity: 500 naming config.auth.azure_use_managed_identity and what to do', async () => {
    const r = await send(`${GW}/azure-mi`, { body: JSON.stringify({ messages: MESSAGES }) });
    assert.equal(r.status, 500);
    const message = (json(r) as { error: { message: string } }).error.message;
    assert.match(message, /config\.auth\.azure_use_managed_identity is not supported by this gateway/);
    assert.match(message, /config\.auth\.header_name 'api-key'/);
    const said = (gw.stdout() + gw.stderr()).split('\n').filter((l) => l.includes('config.auth.azure_use_managed_identity is not supported'));
    assert.equal(said.length, 1, 'said once at start-up, not per request');
    const atLoad = said[0]!;
    assert.match(atLoad, /^.*ai-proxy \S+: config\.auth\.azure_use_managed_identity .*; its requests are answered 500 until that is changed/);
  });

  it('cohere log_statistics: usage from meta.billed_units and the cost', async () => {
    const seen = statsLines('/cohere/chat/completions').length;
    await client('/cohere').chat.completions.create({ model: 'command-r', messages: [{ role: 'user', content: 'cost me now' }] });
    const stats = await statsFor('/cohere/chat/completions', seen) as Stats & { usage: { cost: number } };
    assert.equal(stats.meta.provider_name, 'cohere');
    assert.equal(stats.usage.prompt_tokens, 3);
    assert.equal(stats.usage.completion_tokens, 3);
    assert.equal(stats.usage.cost, (3 * 1000 + 3 * 2000) / 1e6);
  });
});

describe("what Kong 3.10 does not have is Kong's 400 naming it, and nothing is sent upstream", () => {
  const refused = async (call: () => Promise<unknown>, message: RegExp | string) => {
    const before = (await all()).length;
    await assert.rejects(call(), (err: unknown) => {
      assert.equal((err as { status?: number }).status, 400, String(err));
      if (typeof message === 'string') assert.ok(String(err).includes(message), String(err));
      else assert.match(String(err), message);
      return true;
    });
    assert.equal((await all()).length, before, 'nothing reached the upstream');
  };

  it('gemini and cohere embeddings (the openai SDK): no transformer for <provider>://llm/v1/embeddings', async () => {
    await refused(() => client('/gemini-embeddings').embeddings.create({ model: 'text-embedding-004', input: 'x' }), 'no transformer for gemini://llm/v1/embeddings');
    await refused(() => client('/cohere-embeddings').embeddings.create({ model: 'embed-english-v3.0', input: 'x' }), 'no transformer for cohere://llm/v1/embeddings');
  });

  it('@google/genai embedContent on the native route: only generateContent and streamGenerateContent are forwarded', async () => {
    const ai = new GoogleGenAI({ apiKey: 'client-placeholder', httpOptions: { baseUrl: `${GW}/gemini-native` } });
    const before = (await all()).length;
    await assert.rejects(ai.models.embedContent({ model: 'gemini-2.0-flash', contents: 'x' }), (err: unknown) => {
      assert.equal((err as { status?: number }).status, 400, String(err));
      assert.match(String(err), /models\/gemini-2\.0-flash:batchEmbedContents is not a supported Gemini native API: llm_format 'gemini' takes generateContent and streamGenerateContent only, as Kong 3\.10/);
      return true;
    });
    assert.equal((await all()).length, before);
  });

  it('Vertex express mode (api_endpoint without project_id and location_id): Kong 3.10\'s all-or-none rule, naming the missing fields', async () => {
    await refused(
      () => client('/vertex-express').chat.completions.create({ model: 'gemini-2.0-flash', messages: MESSAGES }),
      "config.model.options.gemini: all or none of these fields must be set: 'api_endpoint', 'project_id', 'location_id' (Kong 3.10 has no Vertex express mode); set config.model.options.gemini.project_id and config.model.options.gemini.location_id",
    );
  });
});

describe('native SDKs through the gateway: the same answers as straight to the mock', () => {
  const direct = () => new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl: MOCK } });
  const viaGateway = () => new GoogleGenAI({ apiKey: 'client-placeholder', httpOptions: { baseUrl: `${GW}/gemini-native` } });
  const ask = { model: 'gemini-2.0-flash', contents: 'one two three', config: { systemInstruction: 'be brief' } };

  it('@google/genai generateContent (llm_format: gemini)', async () => {
    const want = await direct().models.generateContent(ask);
    const got = await viaGateway().models.generateContent(ask);
    assert.equal(got.text, want.text);
    assert.deepEqual(got.usageMetadata, want.usageMetadata);
    assert.equal(got.candidates?.[0]?.finishReason, 'STOP');
    const r = await last();
    assert.equal(r.path, '/v1beta/models/gemini-2.0-flash:generateContent');
    assert.equal(r.headers['x-goog-api-key'], KEY, "the client's placeholder key replaced");
  });

  it('@google/genai generateContentStream (alt=sse kept)', async () => {
    const collect = async (ai: GoogleGenAI) => {
      const out: string[] = [];
      for await (const c of await ai.models.generateContentStream(ask)) out.push(c.text ?? '');
      return out;
    };
    const want = await collect(direct());
    const got = await collect(viaGateway());
    assert.deepEqual(got, want);
    assert.ok(got.length >= 3);
    assert.equal(new URLSearchParams((await last()).query).get('alt'), 'sse');
  });

  it('native usage is counted: gemini usageMetadata (non-stream and the stream\'s last), for log_statistics', async () => {
    const U = '/gemini-native/v1beta/models/gemini-2.0-flash:generateContent';
    const seen = statsLines(U).length;
    const got = await viaGateway().models.generateContent(ask);
    const stats = await statsFor(U, seen);
    assert.deepEqual([stats.usage.prompt_tokens, stats.usage.completion_tokens], [got.usageMetadata?.promptTokenCount, got.usageMetadata?.candidatesTokenCount]);
    const S = '/gemini-native/v1beta/models/gemini-2.0-flash:streamGenerateContent';
    const seenS = statsLines(S).length;
    let lastUsage: { promptTokenCount?: number; candidatesTokenCount?: number } | undefined;
    for await (const c of await viaGateway().models.generateContentStream(ask)) lastUsage = c.usageMetadata ?? lastUsage;
    const streamed = await statsFor(S, seenS);
    assert.deepEqual([streamed.usage.prompt_tokens, streamed.usage.completion_tokens], [lastUsage?.promptTokenCount, lastUsage?.candidatesTokenCount]);
    assert.equal(streamed.meta.response_model, 'gemini-2.0-flash');
  });

  it('@google/genai (API-key mode) through a Vertex-configured native route: the gateway calls Vertex with its own service-account token', async () => {
    const ai = new GoogleGenAI({ apiKey: 'client-placeholder', httpOptions: { baseUrl: `${GW}/vertex-native` } });
    const got = await ai.models.generateContent(ask);
    const r = await last();
    const want = await direct().models.generateContent(ask);
    assert.equal(got.text, want.text);
    assert.equal(r.vendor, 'vertex');
    assert.equal(r.path, '/v1/projects/p1/locations/us-central1/publishers/google/models/gemini-2.0-flash:generateContent');
    assert.match(String(r.headers.authorization), /^Bearer ya29\.mock-/);
  });

  it('@google/genai: another model in the path is Kong\'s 400 `cannot use own model`', async () => {
    const r = await send(`${GW}/gemini-native/v1beta/models/gemini-1.5-pro:generateContent`, { body: JSON.stringify({ contents: [{ parts: [{ text: 'x' }] }] }) });
    assert.deepEqual([r.status, json(r)], [400, { error: { message: 'cannot use own model - must be: gemini-2.0-flash' } }]);
  });

  const once = { maxRetries: 0 };
  it('cohere-ai CohereClient (v1) chat and chatStream (llm_format: cohere)', async () => {
    const d = new CohereClient({ token: KEY, environment: MOCK });
    const g = new CohereClient({ token: 'client-placeholder', environment: `${GW}/cohere-native` });
    const want = await d.chat({ model: 'command-r', message: 'p q r' }, once);
    const got = await g.chat({ model: 'command-r', message: 'p q r' }, once);
    assert.equal(got.text, want.text);
    assert.deepEqual(got.meta?.billedUnits, want.meta?.billedUnits);
    assert.equal((await last()).path, '/v1/chat');
    assert.equal((await last()).headers.authorization, `Bearer ${KEY}`);
    let text = '';
    for await (const e of await g.chatStream({ model: 'command-r', message: 'p q r' }, once)) if (e.eventType === 'text-generation') text += e.text;
    assert.equal(text, want.text);
  });

  it('cohere-ai CohereClientV2 chat (llm_format: cohere)', async () => {
    const seen = statsLines('/cohere-native/v2/chat').length;
    const want = await new CohereClientV2({ token: KEY, environment: MOCK }).chat({ model: 'command-r', messages: [{ role: 'user', content: 'p q' }] }, once);
    const got = await new CohereClientV2({ token: 'x', environment: `${GW}/cohere-native` }).chat({ model: 'command-r', messages: [{ role: 'user', content: 'p q' }] }, once);
    assert.deepEqual(got.message, want.message);
    assert.equal((await last()).path, '/v2/chat');
    const stats = await statsFor('/cohere-native/v2/chat', seen);
    assert.deepEqual([stats.usage.prompt_tokens, stats.usage.completion_tokens], [got.usage?.billedUnits?.inputTokens, got.usage?.billedUnits?.outputTokens]);
  });

  it('cohere-ai CohereClientV2 chatStream (SSE, relayed byte for byte; usage read from message-end)', async () => {
    const collect = async (c: CohereClientV2) => {
      const kinds: string[] = [];
      let text = '';
      for await (const e of await c.chatStream({ model: 'command-r', messages: [{ role: 'user', content: 'p q r' }] }, once)) {
        kinds.push(e.type);
        if (e.type === 'content-delta') text += e.delta?.message?.content?.text ?? '';
      }
      return { kinds, text };
    };
    const want = await collect(new CohereClientV2({ token: KEY, environment: MOCK }));
    const seen = statsLines('/cohere-native/v2/chat').length;
    const got = await collect(new CohereClientV2({ token: 'x', environment: `${GW}/cohere-native` }));
    assert.deepEqual(got, want);
    const stats = await statsFor('/cohere-native/v2/chat', seen);
    assert.deepEqual([stats.usage.prompt_tokens, stats.usage.completion_tokens], [3, 3]);
  });
});

describe('explain and secrets', () => {
  it('explain names the driver, the upstream URL and where the credential goes, never a value', async () => {
    const get = async (path: string) => (await (await fetch(`${STATUS}/explain?method=POST&path=${encodeURIComponent(path)}`)).json()) as { upstream: { url: string; driver: string; auth: string } };
    const azure = await get('/azure-default');
    assert.match(azure.upstream.url, /^https:\/\/inst\.openai\.azure\.com(:443)?\/openai\/deployments\/dep1\/chat\/completions\?api-version=/);
    assert.equal(azure.upstream.driver, 'azure');
    assert.match(azure.upstream.auth, /^header api-key/);
    const gemini = await get('/gemini');
    assert.match(gemini.upstream.driver, /^gemini \(Gemini API\)/);
    assert.match(gemini.upstream.auth, /query parameter key/);
    assert.match(gemini.upstream.url, /\/v1beta\/models\/gemini-2\.0-flash:generateContent\?key=<redacted>$/, 'the key by name, never its value');
    const vertex = await get('/vertex');
    assert.equal(vertex.upstream.driver, "gemini (Vertex AI)");
    assert.match(vertex.upstream.auth, /Authorization: Bearer <OAuth token> for service account gw@p1\.iam\.gserviceaccount\.com, minted at http:\/\/127\.0\.0\.1:\d+\/token/);
    assert.match(vertex.upstream.url, /\/v1\/projects\/p1\/locations\/us-central1\/publishers\/google\/models\/gemini-2\.0-flash:generateContent/);
    const shown = JSON.stringify([azure, gemini, vertex]);
    assert.doesNotMatch(shown, new RegExp(KEY));
    assert.doesNotMatch(shown, /PRIVATE KEY/);
  });

  it('no credential, private key or access token in anything the gateway printed', () => {
    const out = gw.stdout() + gw.stderr();
    assert.doesNotMatch(out, new RegExp(KEY));
    assert.doesNotMatch(out, /PRIVATE KEY|ya29\./);
  });
});
