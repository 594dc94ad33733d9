// The bedrock driver end to end: the `openai` SDK through bin/ai-gateway (a real process) against
// bin/mock-llm's Bedrock Runtime — which verifies every call's SigV4 signature by re-signing it
// with the configured key pair — for chat (Converse; ConverseStream's binary event stream
// translated event by event, finalChatCompletion with the include_usage chunk, tool calls), the
// vendor's errors (403 signature, 400/429/500/503) reaching the SDK as its typed errors, an
// in-stream exception and a cut stream; and the AWS SDK's BedrockRuntimeClient on the native
// `llm_format: bedrock` route (converse, converseStream), signed by the client with its own
// credentials, re-signed by the gateway, answering as the mock does straight; InvokeModel and
// InvokeModelWithResponseStream there are Kong's 400 (Kong 3.10's bedrock format is Converse
// only), never proxied. The secret key never shows in the gateway's output.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, InvokeModelCommand, InvokeModelWithResponseStreamCommand, type ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import OpenAI from 'openai';
import type { StartedProcess } from '../../testing/tgi/index.js';
import { json, send } from './client.js';
import { startGatewayProcess, tempFile } from './harness.js';
import { startMockLlm, type MockLlmProcess } from './mock-llm-process.js';

const AKID = 'AKIAGATEWAYTEST';
const SECRET = 'aws/Secret+Key-99';
const REGION = 'eu-central-1';
const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
let mock: MockLlmProcess;
let gw: StartedProcess;
let GW: string;

function config(up: string): string {
  const route = (path: string, extra: string, secret = SECRET, routeType = 'llm/v1/chat', model = MODEL) => `
      - name: r${path.replaceAll('/', '-')}
        paths: [${path}]
        plugins:
          - name: ai-proxy
            config:
              route_type: ${routeType}
              auth: { aws_access_key_id: ${AKID}, aws_secret_access_key: "${secret}" }
              ${extra}
              model: { provider: bedrock, name: "${model}", options: { upstream_url: "${up}", bedrock: { aws_region: ${REGION} }, input_cost: 1, output_cost: 2 } }`;
  return `_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:8080
    routes:${route('/bedrock', 'logging: { log_statistics: true, log_payloads: false }')}${route('/native', 'llm_format: bedrock\n              logging: { log_statistics: true, log_payloads: false }')}${route('/wrong-secret', '', 'not-the-secret')}${route('/embeddings', '', SECRET, 'llm/v1/embeddings', 'amazon.titan-embed-text-v2:0')}
`;
}

before(async () => {
  mock = await startMockLlm(['--aws-access-key-id', AKID, '--aws-region', REGION], { MOCK_LLM_AWS_SECRET_ACCESS_KEY: SECRET });
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
const ENCODED = `/model/${encodeURIComponent(MODEL)}`;

describe('bedrock: the openai SDK through the gateway (OpenAI format)', () => {
  it('chat.completions.create → Converse, SigV4-signed; a complete OpenAI answer', async () => {
    const { data, response } = await openai('/bedrock').chat.completions.create({ model: MODEL, messages: MESSAGES, max_tokens: 50, top_p: 0.9 }).withResponse();
    assert.equal(data.choices[0]!.message.content, ' three two one');
    assert.equal(data.choices[0]!.finish_reason, 'stop');
    assert.equal(typeof data.id, 'string');
    assert.equal(typeof data.created, 'number');
    assert.equal(data.model, MODEL);
    assert.deepEqual(data.usage, { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 });
    assert.equal(response.headers.get('x-kong-llm-model'), `bedrock/${MODEL}`);
    const rec = await mock.last();
    assert.deepEqual([rec.path, rec.auth, rec.operation], [`${ENCODED}/converse`, 'valid', 'converse']);
    assert.match(String(rec.headers.authorization), new RegExp(`^AWS4-HMAC-SHA256 Credential=${AKID}/\\d{8}/${REGION}/bedrock/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$`));
    assert.deepEqual(rec.json, {
      anthropic_version: 'bedrock-2023-05-31',
      messages: [{ role: 'user', content: [{ text: 'one two three' }] }],
      system: [{ text: 'be brief' }],
      inferenceConfig: { maxTokens: 50, topP: 0.9 },
    });
  });

  it('stream(…).finalChatCompletion() → ConverseStream: the event stream translated, usage from metadata', async () => {
    const stream = openai('/bedrock').chat.completions.stream({ model: MODEL, messages: MESSAGES, stream_options: { include_usage: true } });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    stream.on('chunk', (c) => chunks.push(c));
    const final = await stream.finalChatCompletion();
    assert.equal(final.choices[0]!.message.content, ' three two one');
    assert.equal(final.choices[0]!.finish_reason, 'stop');
    assert.deepEqual(chunks.at(-1)!.usage, { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 });
    assert.ok(chunks.every((c) => typeof c.id === 'string' && typeof c.created === 'number' && c.model === MODEL));
    const rec = await mock.last();
    assert.deepEqual([rec.path, rec.auth], [`${ENCODED}/converse-stream`, 'valid']);
  });

  it('max_tokens: finish_reason length', async () => {
    const s = await openai('/bedrock').chat.completions.stream({ model: MODEL, messages: MESSAGES, max_tokens: 2 }).finalChatCompletion();
    assert.deepEqual([s.choices[0]!.message.content, s.choices[0]!.finish_reason], [' three two', 'length']);
  });

  it('tools: toolUse → tool_calls, streamed and not; the tool result goes back as toolResult', async () => {
    const msgs = [{ role: 'user' as const, content: 'Paris' }];
    const r = await openai('/bedrock').chat.completions.create({ model: MODEL, messages: msgs, tools: WEATHER, tool_choice: 'required' });
    assert.deepEqual((await mock.last()).json!.toolConfig, { tools: [{ toolSpec: { name: 'get_weather', description: 'Weather of a city', inputSchema: { json: WEATHER[0]!.function.parameters } } }], toolChoice: { any: {} } });
    const call = r.choices[0]!.message.tool_calls![0]! as OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall;
    assert.deepEqual([r.choices[0]!.finish_reason, call.function.name, JSON.parse(call.function.arguments)], ['tool_calls', 'get_weather', { city: 'Paris' }]);
    const s = await openai('/bedrock').chat.completions.stream({ model: MODEL, messages: msgs, tools: WEATHER, tool_choice: 'required' }).finalChatCompletion();
    const sc = s.choices[0]!.message.tool_calls![0]! as OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall;
    assert.deepEqual([s.choices[0]!.finish_reason, sc.function.name, JSON.parse(sc.function.arguments)], ['tool_calls', 'get_weather', { city: 'Paris' }]);
    await openai('/bedrock').chat.completions.create({ model: MODEL, messages: [...msgs, r.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: '{"temp":21}' }], tools: WEATHER });
    assert.deepEqual((await mock.last()).json!.messages, [
      { role: 'user', content: [{ text: 'Paris' }] },
      { role: 'assistant', content: [{ toolUse: { toolUseId: call.id, name: 'get_weather', input: { city: 'Paris' } } }] },
      { role: 'user', content: [{ toolResult: { toolUseId: call.id, content: [{ json: { temp: 21 } }] } }] },
    ]);
  });

  it('a prompt on the chat route: Kong\'s 400 (bedrock has no completions)', async () => {
    const r = await send(`${GW}/bedrock`, { body: JSON.stringify({ prompt: 'x' }) });
    assert.deepEqual([r.status, json(r)], [400, { error: { message: '[llm/v1/completions] message format is not compatible with [llm/v1/chat] route type' } }]);
  });

  it('embeddings.create → Titan through InvokeModel, signed; an OpenAI list with usage', async () => {
    const e = await openai('/embeddings').embeddings.create({ model: 'amazon.titan-embed-text-v2:0', input: 'one two three', encoding_format: 'float', dimensions: 4 });
    const rec = await mock.last();
    assert.deepEqual([rec.path, rec.auth, rec.json], [`/model/${encodeURIComponent('amazon.titan-embed-text-v2:0')}/invoke`, 'valid', { inputText: 'one two three', dimensions: 4 }]);
    assert.deepEqual([e.object, e.data.length, e.data[0]!.embedding.length, e.usage], ['list', 1, 4, { prompt_tokens: 3, total_tokens: 3 }]);
  });
});

describe('bedrock: the vendor\'s errors reach the openai SDK as its typed errors (passed through, as Kong)', () => {
  const cases: [string, number, abstract new (...args: never[]) => Error, string][] = [
    ['400', 400, OpenAI.BadRequestError, 'ValidationException'],
    ['429', 429, OpenAI.RateLimitError, 'ThrottlingException'],
    ['500', 500, OpenAI.InternalServerError, 'InternalServerException'],
    ['503', 503, OpenAI.InternalServerError, 'ServiceUnavailableException'],
  ];
  for (const [fault, status, cls, code] of cases) {
    it(`${status} ${code}`, async () => {
      await assert.rejects(openai('/bedrock', { 'x-mock-fault': fault }).chat.completions.create({ model: MODEL, messages: MESSAGES }), (err: unknown) => {
        assert.ok(err instanceof cls, String(err));
        assert.equal((err as { status?: number }).status, status);
        return true;
      });
      const raw = await send(`${GW}/bedrock`, { body: JSON.stringify({ messages: MESSAGES, stream: true }), headers: { 'x-mock-fault': fault } });
      assert.equal(raw.status, status);
      assert.match(String(raw.headers['x-amzn-errortype']), new RegExp(`^${code}:`));
      assert.equal(raw.headers['x-kong-llm-model'], undefined);
    });
  }

  it('a wrong configured secret: AWS\'s 403 InvalidSignatureException (PermissionDeniedError); the secret not echoed', async () => {
    await assert.rejects(openai('/wrong-secret').chat.completions.create({ model: MODEL, messages: MESSAGES }), (err: unknown) => err instanceof OpenAI.PermissionDeniedError);
    const raw = await send(`${GW}/wrong-secret`, { body: JSON.stringify({ messages: MESSAGES }) });
    assert.deepEqual([raw.status, String(raw.headers['x-amzn-errortype']).split(':')[0]], [403, 'InvalidSignatureException']);
    assert.doesNotMatch(raw.body.toString(), /not-the-secret/);
  });

  it('an exception mid-stream → the events so far, then an OpenAI error event naming it; no [DONE]; the SDK raises', async () => {
    const r = await send(`${GW}/bedrock`, { body: JSON.stringify({ messages: MESSAGES, stream: true }), headers: { 'x-mock-fault': 'stream-error' } });
    const text = r.body.toString();
    assert.equal(r.status, 200);
    assert.ok(!text.includes('[DONE]'));
    assert.match(text, /"role":"assistant"/);
    assert.ok(text.endsWith('data: {"error":{"message":"The server encountered an internal error while processing the request.","type":"internalServerException"}}\n\n'), text);
    await assert.rejects(openai('/bedrock', { 'x-mock-fault': 'stream-error' }).chat.completions.stream({ model: MODEL, messages: MESSAGES }).finalChatCompletion(), /internal error/);
  });

  it('a stream the upstream cuts → an OpenAI error event and a cut connection, never [DONE]', async () => {
    const r = await send(`${GW}/bedrock`, { body: JSON.stringify({ messages: MESSAGES, stream: true }), headers: { 'x-mock-fault': 'cut-mid-stream' } });
    const text = r.body.toString();
    assert.ok(!r.ended && !text.includes('[DONE]'));
    assert.match(text, /data: \{"error":\{"message":"the upstream closed the stream before it ended/);
  });
});

describe('bedrock: the AWS SDK\'s BedrockRuntimeClient on the native route (llm_format: bedrock)', () => {
  // HTTP/1.1: the gateway's proxy listener speaks HTTP/1.1 (the SDK's default here is HTTP/2)
  const client = (endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }) =>
    new BedrockRuntimeClient({ endpoint, region: REGION, credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler() });
  const viaGateway = () => client(`${GW}/native`, { accessKeyId: 'AKIACLIENTOWN', secretAccessKey: 'client-own-secret' });
  const direct = () => client(mock.url, { accessKeyId: AKID, secretAccessKey: SECRET });
  const input: ConverseCommandInput = { modelId: MODEL, system: [{ text: 'be brief' }], messages: [{ role: 'user', content: [{ text: 'one two three' }] }], inferenceConfig: { maxTokens: 64 } };

  it('converse: the same answer as straight to the mock; the body forwarded, re-signed with the configured key', async () => {
    const got = await viaGateway().send(new ConverseCommand(input));
    const rec = await mock.last();
    const want = await direct().send(new ConverseCommand(input));
    assert.deepEqual([got.output, got.stopReason, got.usage], [want.output, want.stopReason, want.usage]);
    assert.equal(got.output?.message?.content?.[0]?.text, ' three two one');
    assert.deepEqual([rec.path, rec.auth], [`${ENCODED}/converse`, 'valid']);
    assert.match(String(rec.headers.authorization), new RegExp(`Credential=${AKID}/`));
    assert.deepEqual(rec.json, { system: [{ text: 'be brief' }], messages: [{ role: 'user', content: [{ text: 'one two three' }] }], inferenceConfig: { maxTokens: 64 } });
  });

  it('converseStream: the same events as straight to the mock', async () => {
    const collect = async (c: BedrockRuntimeClient) => {
      const out = await c.send(new ConverseStreamCommand(input));
      const events: string[] = [];
      let text = '';
      let usage: unknown;
      for await (const e of out.stream!) {
        events.push(Object.keys(e).filter((k) => (e as unknown as Record<string, unknown>)[k] !== undefined).join(','));
        text += e.contentBlockDelta?.delta?.text ?? '';
        if (e.metadata) usage = e.metadata.usage;
      }
      return { events, text, usage };
    };
    const got = await collect(viaGateway());
    assert.deepEqual(got, await collect(direct()));
    assert.equal(got.text, ' three two one');
    assert.deepEqual(got.events.at(-1), 'metadata');
  });

  it("invoke and invoke-with-response-stream: Kong's 400 naming the Converse API (Kong 3.10 forwards nothing else natively); the upstream is never called", async () => {
    const before = (await mock.requests()).length;
    const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 16, messages: [{ role: 'user', content: 'one two three' }] });
    for (const command of [new InvokeModelCommand({ modelId: MODEL, body, contentType: 'application/json' }), new InvokeModelWithResponseStreamCommand({ modelId: MODEL, body, contentType: 'application/json' })]) {
      await assert.rejects(viaGateway().send(command as InvokeModelCommand), (err: unknown) => {
        assert.equal((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 400, String(err));
        return true;
      });
    }
    const raw = await send(`${GW}/native${ENCODED}/invoke-with-response-stream`, { body });
    assert.equal(raw.status, 400);
    assert.deepEqual(json(raw), {
      error: { message: `${ENCODED}/invoke-with-response-stream is not a supported Bedrock native API: llm_format 'bedrock' takes the Converse API only, as Kong 3.10 (use POST /model/{modelId}/converse or /model/{modelId}/converse-stream)` },
    });
    assert.equal((await mock.requests()).length, before, 'nothing reached the upstream');
  });

  it('another model in the path than the configured one: Kong\'s 400', async () => {
    await assert.rejects(viaGateway().send(new ConverseCommand({ ...input, modelId: 'amazon.nova-pro-v1:0' })), (err: unknown) => {
      assert.equal((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 400);
      return true;
    });
  });

  it('usage counted for log_statistics; no secret in the gateway\'s output', async () => {
    await viaGateway().send(new ConverseStreamCommand(input)).then(async (o) => {
      for await (const _ of o.stream!) void _;
    });
    await new Promise((r) => setTimeout(r, 100));
    const lines = gw.stdout().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { ai?: { proxy?: { meta?: { provider_name?: string }; usage?: Record<string, number> } } });
    const usage = lines.filter((l) => l.ai?.proxy?.meta?.provider_name === 'bedrock').map((l) => l.ai!.proxy!.usage!);
    assert.ok(usage.length >= 2);
    assert.deepEqual([usage.at(-1)!.prompt_tokens, usage.at(-1)!.completion_tokens, usage.at(-1)!.cost], [5, 3, (5 * 1 + 3 * 2) / 1e6]);
    assert.doesNotMatch(gw.stdout() + gw.stderr(), /Secret\+Key/);
  });
});
