// The bedrock driver against its golden fixtures (src/testing/llm/fixtures/bedrock/…): request,
// response and stream translation — the fixture's events encoded as Bedrock sends them
// (application/vnd.amazon.eventstream, by @smithy/eventstream-codec) and fed through the shared
// decoder split at every byte boundary — plus its plan (URLs, region, credentials, refusals naming
// the field, no secret anywhere in it), SigV4 headers, and the native format.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import type { AiProxyConfig } from '../../../schemas/index.js';
import { llmOutcomes, readLlmFixture } from '../../../testing/llm/fixtures.js';
import { isUnsupported, planFor, type DriverPlan, type ModelSettings } from '../index.js';
import { relay, splits } from '../stream-relay.test-helper.js';
import { bedrockToBedrock, openAiToBedrock, openAiToBedrockEmbeddings } from './index.js';

const codec = new EventStreamCodec((b: Uint8Array) => Buffer.from(b).toString('utf8'), (s: string) => new Uint8Array(Buffer.from(s, 'utf8')));
type Ev = { event?: string; exception?: string; payload: object };
const str = (value: string) => ({ type: 'string' as const, value });
function encode(events: Ev[]): Buffer {
  return Buffer.concat(
    events.map((e) =>
      codec.encode({
        headers: e.exception
          ? { ':exception-type': str(e.exception), ':content-type': str('application/json'), ':message-type': str('exception') }
          : { ':event-type': str(e.event!), ':content-type': str('application/json'), ':message-type': str('event') },
        body: new Uint8Array(Buffer.from(JSON.stringify(e.payload))),
      }),
    ),
  );
}

describe('bedrock/llm-v1-chat (golden fixtures)', () => {
  const t = openAiToBedrock;
  for (const outcome of llmOutcomes('bedrock', 'llm-v1-chat', 'requests')) {
    it(`request ${outcome}`, () => {
      const f = readLlmFixture('bedrock', 'llm-v1-chat', 'requests', outcome);
      const r = t.requestBody(structuredClone(f.client), Buffer.from(JSON.stringify(f.client)), 'llm/v1/chat', f.model as ModelSettings);
      assert.ok(r.ok);
      assert.deepEqual(JSON.parse(r.value.toString()), f.upstream);
    });
  }
  for (const outcome of llmOutcomes('bedrock', 'llm-v1-chat', 'responses')) {
    const f = readLlmFixture('bedrock', 'llm-v1-chat', 'responses', outcome);
    const events = (f.upstream as { events?: Ev[] }).events;
    if (events !== undefined) {
      it(`stream ${outcome}, split at every byte`, () => {
        const client = f.client as { sse: string; usage: unknown; text: string; failed: boolean };
        for (const [cut, pieces] of splits(encode(events))) {
          const r = relay(t, pieces, 'llm/v1/chat', f.model as ModelSettings, true);
          assert.equal(r.out, client.sse, `split at byte ${cut}`);
          assert.deepEqual([r.usage, r.text, r.failed], [client.usage, client.text, client.failed], `split at byte ${cut}`);
        }
      });
    } else {
      it(`response ${outcome}`, () => {
        const r = t.responseBody(Buffer.from(JSON.stringify(f.upstream.body)), 'llm/v1/chat', f.model as ModelSettings, {});
        if (f.client.status === 500) {
          assert.ok(!r.ok);
          assert.equal(r.message, (f.client as { message: string }).message);
          return;
        }
        assert.ok(r.ok);
        assert.deepEqual(JSON.parse(String(r.value.body)), f.client.body);
        assert.deepEqual([r.value.usage, r.value.text], [f.client.usage, f.client.text]);
      });
    }
  }

  it('OpenAI\'s developer role is a system prompt; max_completion_tokens is max_tokens', () => {
    const r = t.requestBody({ messages: [{ role: 'developer', content: 'd' }, { role: 'user', content: 'u' }], max_completion_tokens: 9 }, Buffer.alloc(0), 'llm/v1/chat', { provider: 'bedrock', name: 'm', options: null });
    assert.ok(r.ok);
    assert.deepEqual(JSON.parse(r.value.toString()), { anthropic_version: 'bedrock-2023-05-31', messages: [{ role: 'user', content: [{ text: 'u' }] }], system: [{ text: 'd' }], inferenceConfig: { maxTokens: 9 } });
  });

  it('a corrupt event-stream message (CRC) fails the decoder: the stage cuts the stream as an upstream failure', () => {
    const bytes = encode([{ event: 'messageStart', payload: { role: 'assistant' } }]);
    bytes[bytes.length - 6]! ^= 0xff;
    assert.throws(() => relay(t, [bytes], 'llm/v1/chat', { provider: 'bedrock', name: 'm', options: null }));
  });

  it('refusals are values: a system prompt for a model Kong lists without one, tool arguments that are not JSON', () => {
    const titan: ModelSettings = { provider: 'bedrock', name: 'amazon.titan-text-express-v1', options: null };
    const sys = t.requestBody({ messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'u' }] }, Buffer.alloc(0), 'llm/v1/chat', titan);
    assert.deepEqual(sys, { ok: false, message: "system prompts are unsupported for model 'amazon.titan-text-express-v1" });
    const args = t.requestBody({ messages: [{ role: 'assistant', tool_calls: [{ id: 'a', function: { name: 'f', arguments: '{x' } }] }] }, Buffer.alloc(0), 'llm/v1/chat', titan);
    assert.equal(args.ok, false);
  });
});

describe('bedrock/llm-v1-embeddings (golden fixtures): Titan through InvokeModel', () => {
  const t = openAiToBedrockEmbeddings;
  it('request good', () => {
    const f = readLlmFixture('bedrock', 'llm-v1-embeddings', 'requests', 'good');
    const r = t.requestBody(structuredClone(f.client), Buffer.alloc(0), 'llm/v1/embeddings', f.model as ModelSettings);
    assert.ok(r.ok);
    assert.deepEqual(JSON.parse(r.value.toString()), f.upstream);
  });
  it('response good', () => {
    const f = readLlmFixture('bedrock', 'llm-v1-embeddings', 'responses', 'good');
    const r = t.responseBody(Buffer.from(JSON.stringify(f.upstream.body)), 'llm/v1/embeddings', f.model as ModelSettings, {});
    assert.ok(r.ok);
    assert.deepEqual([JSON.parse(String(r.value.body)), r.value.usage], [f.client.body, f.client.usage]);
  });
  it('more than one input, or a body without embedding: refusals as values; no stream', () => {
    const m: ModelSettings = { provider: 'bedrock', name: 'amazon.titan-embed-text-v2:0', options: null };
    assert.equal(t.requestBody({ input: ['a', 'b'] }, Buffer.alloc(0), 'llm/v1/embeddings', m).ok, false);
    assert.equal(t.responseBody(Buffer.from('{"message":"x"}'), 'llm/v1/embeddings', m, {}).ok, false);
    assert.equal(t.streams, false);
  });
});

function config(options: Record<string, unknown> | null, extra: Record<string, unknown> = {}, routeType = 'llm/v1/chat'): AiProxyConfig {
  return {
    route_type: routeType,
    llm_format: 'openai',
    response_streaming: 'allow',
    max_request_body_size: 8192,
    model_name_header: true,
    logging: { log_statistics: false, log_payloads: false },
    auth: { allow_override: false, aws_access_key_id: 'AKIAUNIT', aws_secret_access_key: 'unit-Secret-key' },
    model: { provider: 'bedrock', name: 'anthropic.claude-3-haiku-20240307-v1:0', options },
    ...extra,
  } as unknown as AiProxyConfig;
}

function where(p: DriverPlan | ReturnType<typeof planFor>, request: { operation?: string | null; stream?: boolean; model?: string | null } = {}): string {
  if (isUnsupported(p)) return `unsupported ${p.status}: ${p.unsupported}`;
  const t = p.target({ operation: request.operation ?? null, stream: request.stream ?? false, model: request.model === undefined ? 'anthropic.claude-3-haiku-20240307-v1:0' : request.model });
  return 'origin' in t ? `${t.origin}${t.clientPath ? '<client path>' : (t.path ?? '<route path>')}` : `no target ${t.status}: ${t.message}`;
}

describe('bedrock plan: URLs, region, credentials', () => {
  const R = { bedrock: { aws_region: 'us-west-2' } };
  it('Converse and ConverseStream at the region\'s endpoint, the model id percent-encoded', () => {
    assert.equal(where(planFor(config(R))), 'https://bedrock-runtime.us-west-2.amazonaws.com:443/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse');
    assert.equal(where(planFor(config(R)), { stream: true }), 'https://bedrock-runtime.us-west-2.amazonaws.com:443/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream');
    assert.equal(where(planFor(config(R, { llm_format: 'bedrock' })), { operation: 'converse-stream' }), 'https://bedrock-runtime.us-west-2.amazonaws.com:443/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream');
  });
  it('upstream_url: with a path as is (Kong); without one the Converse path is added; upstream_path replaces the path', () => {
    assert.equal(where(planFor(config({ ...R, upstream_url: 'http://vpce.local:8443/fixed/path' })), { stream: true }), 'http://vpce.local:8443/fixed/path');
    assert.equal(where(planFor(config({ ...R, upstream_url: 'http://127.0.0.1:9300' })), { stream: true }), 'http://127.0.0.1:9300/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream');
    assert.equal(where(planFor(config({ ...R, upstream_path: '/custom' }))), 'https://bedrock-runtime.us-west-2.amazonaws.com:443/custom');
    assert.equal(where(planFor(config(R, {}, 'preserve'))), 'https://bedrock-runtime.us-west-2.amazonaws.com:443<client path>');
    assert.equal(where(planFor(config(R, {}, 'llm/v1/embeddings')), { model: 'amazon.titan-embed-text-v2:0' }), 'https://bedrock-runtime.us-west-2.amazonaws.com:443/model/amazon.titan-embed-text-v2%3A0/invoke');
  });
  it('refusals name the field', () => {
    const saved = { ...process.env };
    for (const k of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) delete process.env[k];
    try {
      assert.equal(where(planFor(config(null))), "unsupported 500: must set 'model.options.bedrock.aws_region' (or AWS_REGION in the gateway's environment) for bedrock provider");
      assert.match(where(planFor(config(R, { auth: null }))), /^unsupported 500: bedrock needs AWS credentials: set config\.auth\.aws_access_key_id and config\.auth\.aws_secret_access_key/);
      assert.match(where(planFor(config({ bedrock: { aws_region: 'us-west-2', aws_assume_role_arn: 'arn:aws:iam::1:role/r' } }))), /^unsupported 500: model\.options\.bedrock\.aws_assume_role_arn is not supported by this gateway/);
      assert.equal(where(planFor(config(R, {}, 'llm/v1/completions'))), 'unsupported 400: no transformer for bedrock://llm/v1/completions');
      process.env.AWS_REGION = 'ap-south-1';
      process.env.AWS_ACCESS_KEY_ID = 'AKIAENV';
      process.env.AWS_SECRET_ACCESS_KEY = 'env-secret';
      const fromEnv = planFor(config(null, { auth: null })) as DriverPlan;
      assert.equal(fromEnv.authDescription, "AWS SigV4 (service bedrock, region ap-south-1), key pair from the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY); the client's own signature headers are dropped");
    } finally {
      process.env = saved;
    }
  });
  it('authorize: SigV4 headers for the call as sent; the secret never in the plan or the headers', async () => {
    const p = planFor(config(R)) as DriverPlan;
    const body = Buffer.from('{"messages":[]}');
    const h = await p.authorize!({ method: 'POST', origin: 'https://bedrock-runtime.us-west-2.amazonaws.com:443', path: '/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse?x=1', host: 'bedrock-runtime.us-west-2.amazonaws.com', body });
    assert.deepEqual(Object.keys(h).sort(), ['authorization', 'x-amz-content-sha256', 'x-amz-date']);
    assert.match(h.authorization!, /^AWS4-HMAC-SHA256 Credential=AKIAUNIT\/\d{8}\/us-west-2\/bedrock\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/);
    assert.equal(h['x-amz-content-sha256'], createHash('sha256').update(body).digest('hex'));
    assert.doesNotMatch(JSON.stringify(h) + JSON.stringify({ ...p, auth: p.auth }), /unit-Secret-key/);
    assert.deepEqual(p.dropRequestHeaders, ['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256']);
  });
});

describe('bedrock native format (llm_format: bedrock)', () => {
  const t = bedrockToBedrock;
  it('POST …/model/{id}/converse|converse-stream: the model URL-decoded from the path, the stream from the operation', () => {
    assert.deepEqual(t.operation!('POST', '/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream'), { ok: true, operation: 'converse-stream', stream: true, model: 'anthropic.claude-3-haiku-20240307-v1:0' });
    assert.deepEqual(t.operation!('POST', '/model/m/converse'), { ok: true, operation: 'converse', stream: false, model: 'm' });
    assert.equal((t.operation!('POST', '/model/m/invoke') as { status: number }).status, 400);
    assert.equal((t.operation!('GET', '/model/m/converse') as { status: number }).status, 405);
  });
  it('usage from the answer and from the stream\'s metadata; the bytes untouched', () => {
    const f = readLlmFixture('bedrock', 'llm-v1-chat', 'responses', 'good');
    const body = Buffer.from(JSON.stringify(f.upstream.body));
    const r = t.responseBody(body, 'llm/v1/chat', f.model as ModelSettings, {});
    assert.ok(r.ok && r.value.body === body);
    assert.deepEqual([r.value.usage, r.value.text], [{ prompt_tokens: 10, completion_tokens: 4 }, 'Grüße 👋']);
    const s = readLlmFixture('bedrock', 'llm-v1-chat', 'responses', 'good_stream');
    for (const [cut, pieces] of splits(encode((s.upstream as { events: Ev[] }).events))) {
      const out = relay(t, pieces, 'llm/v1/chat', s.model as ModelSettings);
      assert.deepEqual([out.out, out.usage, out.text], ['', { prompt_tokens: 10, completion_tokens: 4 }, 'Grüße 👋!'], `split at ${cut}`);
    }
  });
});
