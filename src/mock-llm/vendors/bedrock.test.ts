// The real BedrockRuntimeClient (static credentials, endpoint = the mock), straight against it:
// Converse, ConverseStream (binary event stream), InvokeModel (Titan embeddings), SigV4 checked.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InternalServerException,
  InvokeModelCommand,
  ThrottlingException,
  ValidationException,
  type ConverseCommandInput,
} from '@aws-sdk/client-bedrock-runtime';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { rejection, startMock, type StartedMock } from '../mock.test-helper.js';

const CREDS = { accessKeyId: 'AKIAMOCKBEDROCK00001', secretAccessKey: 'mock/secret+key/0123456789abcdefghijklmn' };
const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
let m: StartedMock;

before(async () => {
  m = await startMock({ aws: { ...CREDS, region: 'us-east-1' } });
});
after(() => m.close());

function client(opts: { secret?: string; accessKeyId?: string; fault?: string; prefix?: string } = {}): BedrockRuntimeClient {
  const c = new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: `${m.url}${opts.prefix ?? ''}`,
    credentials: { accessKeyId: opts.accessKeyId ?? CREDS.accessKeyId, secretAccessKey: opts.secret ?? CREDS.secretAccessKey },
    maxAttempts: 1,
  });
  if (opts.fault !== undefined) {
    const fault = opts.fault;
    // Added before signing (build step), so the header is signed like any other.
    c.middlewareStack.add((next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-mock-fault'] = fault;
      return next(args);
    }, { step: 'build' });
  }
  return c;
}

const ask = (text: string, maxTokens?: number): ConverseCommandInput => ({
  modelId: MODEL,
  system: [{ text: 'be brief' }],
  messages: [{ role: 'user', content: [{ text }] }],
  ...(maxTokens !== undefined ? { inferenceConfig: { maxTokens } } : {}),
});

describe('@aws-sdk/client-bedrock-runtime → mock-llm (bedrock)', () => {
  it('Converse: text, stopReason, usage; the model id with ":" is percent-encoded in the signed path', async () => {
    await m.clear();
    const r = await client().send(new ConverseCommand(ask('one two three')));
    assert.equal(r.output?.message?.content?.[0]?.text, ' three two one');
    assert.equal(r.stopReason, 'end_turn');
    assert.deepEqual(r.usage, { inputTokens: 5, outputTokens: 3, totalTokens: 8 });
    const cut = await client().send(new ConverseCommand(ask('one two three', 1)));
    assert.equal(cut.stopReason, 'max_tokens');
    const [rec] = await m.requests();
    assert.equal(rec!.vendor, 'bedrock');
    assert.equal(rec!.path, '/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse');
    assert.equal(rec!.auth, 'valid');
    assert.match(String(rec!.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIAMOCKBEDROCK00001\/\d{8}\/us-east-1\/bedrock\/aws4_request/);
  });

  it('ConverseStream: messageStart, contentBlockDelta…, contentBlockStop, messageStop, metadata', async () => {
    const r = await client({ prefix: '/bedrock' }).send(new ConverseStreamCommand(ask('a b c d')));
    const kinds: string[] = [];
    let text = '';
    let stop: string | undefined;
    let usage: unknown;
    for await (const e of r.stream!) {
      kinds.push(Object.keys(e).filter((k) => (e as unknown as Record<string, unknown>)[k] !== undefined)[0]!);
      text += e.contentBlockDelta?.delta?.text ?? '';
      stop = e.messageStop?.stopReason ?? stop;
      usage = e.metadata?.usage ?? usage;
    }
    assert.equal(text, ' d c b a');
    assert.equal(stop, 'end_turn');
    assert.deepEqual(usage, { inputTokens: 6, outputTokens: 4, totalTokens: 10 });
    assert.deepEqual(kinds, ['messageStart', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata']);
  });

  it('tool use: toolChoice any gives a toolUse block; the stream sends its input in contentBlockDelta pieces', async () => {
    const toolConfig = { tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object', properties: { location: { type: 'string' } } } } } }], toolChoice: { any: {} } };
    const r = await client().send(new ConverseCommand({ ...ask('Lima'), toolConfig }));
    assert.equal(r.stopReason, 'tool_use');
    assert.equal(r.output?.message?.content?.[0]?.toolUse?.name, 'get_weather');
    assert.deepEqual(r.output?.message?.content?.[0]?.toolUse?.input, { location: 'Lima' });
    const s = await client().send(new ConverseStreamCommand({ ...ask('Lima'), toolConfig }));
    let input = '';
    let name: string | undefined;
    let stop: string | undefined;
    for await (const e of s.stream!) {
      name = e.contentBlockStart?.start?.toolUse?.name ?? name;
      input += e.contentBlockDelta?.delta?.toolUse?.input ?? '';
      stop = e.messageStop?.stopReason ?? stop;
    }
    assert.equal(name, 'get_weather');
    assert.deepEqual(JSON.parse(input), { location: 'Lima' });
    assert.equal(stop, 'tool_use');
  });

  it('InvokeModel: Titan text embeddings', async () => {
    const r = await client().send(new InvokeModelCommand({ modelId: 'amazon.titan-embed-text-v2:0', contentType: 'application/json', body: JSON.stringify({ inputText: 'hello world' }) }));
    const body = JSON.parse(Buffer.from(r.body).toString()) as { embedding: number[]; inputTextTokenCount: number };
    assert.equal(body.embedding.length, 8);
    assert.equal(body.inputTextTokenCount, 2);
  });

  it('a wrong secret is InvalidSignatureException (403); an unknown key id UnrecognizedClientException', async () => {
    const e = await rejection(() => client({ secret: 'wrong-secret' }).send(new ConverseCommand(ask('hi'))));
    assert.equal(e.name, 'InvalidSignatureException');
    assert.equal((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 403);
    assert.match(e.message, /signature we calculated does not match/);
    const u = await rejection(() => client({ accessKeyId: 'AKIAOTHER' }).send(new ConverseCommand(ask('hi'))));
    assert.equal(u.name, 'UnrecognizedClientException');
    const res = await fetch(`${m.url}/model/x/converse`, { method: 'POST', body: '{}' });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('x-amzn-errortype')?.split(':')[0], 'MissingAuthenticationTokenException');
  });

  it('modelled errors: 429 ThrottlingException, 500 InternalServerException, 400 ValidationException', async () => {
    assert.ok((await rejection(() => client({ fault: '429' }).send(new ConverseCommand(ask('hi'))))) instanceof ThrottlingException);
    assert.ok((await rejection(() => client({ fault: '500' }).send(new ConverseCommand(ask('hi'))))) instanceof InternalServerException);
    const v = await rejection(() => client().send(new ConverseCommand({ modelId: MODEL, messages: [] })));
    assert.ok(v instanceof ValidationException, String(v));
  });

  it('an exception frame mid-stream throws InternalServerException; a cut stream fails', async () => {
    const drain = async (fault: string) => {
      const r = await client({ fault }).send(new ConverseStreamCommand(ask('a b c d e f')));
      for await (const _ of r.stream!) void _;
    };
    const e = await rejection(() => drain('stream-error'));
    assert.ok(e instanceof InternalServerException, String(e));
    await rejection(() => drain('cut-mid-stream'));
  });

  it('HTTP/1.1 with host signed and the model id unencoded, as a gateway (Kong: resty.aws) sends it', async () => {
    const url = new URL(m.url);
    const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'g h' }] }], anthropic_version: 'bedrock-2023-05-31' });
    const signer = new SignatureV4({ credentials: CREDS, region: 'us-east-1', service: 'bedrock', sha256: Sha256 });
    const path = `/model/${MODEL}/converse`;
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path, query: {}, headers: { host: url.host, 'content-type': 'application/json' }, body });
    const res = await fetch(`${m.url}${path}`, { method: 'POST', headers: signed.headers as Record<string, string>, body });
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(((await res.json()) as { output: { message: { content: { text: string }[] } } }).output.message.content[0]!.text, ' h g');
    const tampered = await fetch(`${m.url}${path}`, { method: 'POST', headers: signed.headers as Record<string, string>, body: body.replace('g h', 'g x') });
    assert.equal(tampered.status, 403);
    assert.equal(tampered.headers.get('x-amzn-errortype')?.split(':')[0], 'InvalidSignatureException');
  });
});
