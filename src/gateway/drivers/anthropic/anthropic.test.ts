// The anthropic driver against its golden fixtures (src/testing/llm/fixtures/anthropic/…):
// request, response and stream translation — streams fed through the shared SSE decoder split at
// every byte boundary and completed by the OpenAI stream writer, as the proxy does — plus its
// plan (Kong's URLs, anthropic-version, auth placement, refusals) and the native format.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AiProxyConfig } from '../../../schemas/index.js';
import { llmOutcomes, readLlmFixture } from '../../../testing/llm/fixtures.js';
import { describeAuth, isUnsupported, planFor, type DriverPlan, type ModelSettings, type RouteType, type Translator } from '../index.js';
import { relay, splits } from '../stream-relay.test-helper.js';
import { anthropicToAnthropic, openAiToAnthropic, openAiToAnthropicCompletions } from './index.js';

const CASES: [string, RouteType, Translator][] = [
  ['llm-v1-chat', 'llm/v1/chat', openAiToAnthropic],
  ['llm-v1-completions', 'llm/v1/completions', openAiToAnthropicCompletions],
];

for (const [route, routeType, t] of CASES) {
  describe(`anthropic/${route} (golden fixtures)`, () => {
    for (const outcome of llmOutcomes('anthropic', route, 'requests')) {
      it(`request ${outcome}`, () => {
        const f = readLlmFixture('anthropic', route, 'requests', outcome);
        const r = t.requestBody(structuredClone(f.client), Buffer.from(JSON.stringify(f.client)), routeType, f.model as ModelSettings);
        assert.ok(r.ok);
        assert.deepEqual(JSON.parse(r.value.toString()), f.upstream);
      });
    }
    for (const outcome of llmOutcomes('anthropic', route, 'responses')) {
      const f = readLlmFixture('anthropic', route, 'responses', outcome);
      if (f.upstream.sse !== undefined) {
        it(`stream ${outcome}, split at every byte`, () => {
          const client = f.client as { sse: string; usage: unknown; text: string; failed: boolean };
          for (const [cut, pieces] of splits(Buffer.from(f.upstream.sse!))) {
            const r = relay(t, pieces, routeType, f.model as ModelSettings, true);
            assert.equal(r.out, client.sse, `split at byte ${cut}`);
            assert.deepEqual([r.usage, r.text, r.failed], [client.usage, client.text, client.failed], `split at byte ${cut}`);
          }
        });
      } else {
        it(`response ${outcome}`, () => {
          const r = t.responseBody(Buffer.from(JSON.stringify(f.upstream.body)), routeType, f.model as ModelSettings, {});
          if (f.client.status === 500) {
            assert.ok(!r.ok);
            assert.equal(r.message, (f.client as { message: string }).message);
            return;
          }
          assert.ok(r.ok);
          assert.deepEqual(JSON.parse(String(r.value.body)), f.client.body);
          assert.deepEqual(r.value.json, f.client.body);
          assert.deepEqual([r.value.usage, r.value.text], [f.client.usage, f.client.text]);
        });
      }
    }
  });
}

describe('anthropic request refusals', () => {
  const model: ModelSettings = { provider: 'anthropic', name: 'c', options: { anthropic_version: '2023-06-01' } };
  it('tool_calls arguments that are not JSON: Kong\'s "error transforming" (a value, no throw)', () => {
    const body = { messages: [{ role: 'assistant', tool_calls: [{ id: 'x', type: 'function', function: { name: 'f', arguments: '{oops' } }] }] };
    assert.equal(openAiToAnthropic.requestBody(body, Buffer.alloc(0), 'llm/v1/chat', model).ok, false);
  });
  it('no messages / no prompt', () => {
    assert.equal(openAiToAnthropic.requestBody({ prompt: 'x' }, Buffer.alloc(0), 'llm/v1/chat', model).ok, false);
    assert.equal(openAiToAnthropicCompletions.requestBody({ messages: [] }, Buffer.alloc(0), 'llm/v1/completions', model).ok, false);
  });
});

function config(routeType: string, options: Record<string, unknown> | null, extra: Record<string, unknown> = {}): AiProxyConfig {
  return {
    route_type: routeType,
    llm_format: 'openai',
    response_streaming: 'allow',
    max_request_body_size: 8192,
    model_name_header: true,
    logging: { log_statistics: false, log_payloads: false },
    auth: { header_name: 'x-api-key', header_value: 'sk-ant-secret', allow_override: false },
    model: { provider: 'anthropic', name: 'claude', options },
    ...extra,
  } as unknown as AiProxyConfig;
}

function url(routeType: string, options: Record<string, unknown> | null, extra: Record<string, unknown> = {}): string {
  const p = planFor(config(routeType, options, extra));
  if (isUnsupported(p)) return `unsupported ${p.status}: ${p.unsupported}`;
  const t = p.target({ operation: null, stream: false, model: 'claude' });
  return 'origin' in t ? `${t.origin}${t.clientPath ? '<client path>' : (t.path ?? '<route path>')}` : `no target: ${t.message}`;
}

describe('anthropic plan: Kong\'s URLs and refusals', () => {
  const V = { anthropic_version: '2023-06-01' };
  const table: [string, Record<string, unknown> | null, string, Record<string, unknown>?][] = [
    ['llm/v1/chat', V, 'https://api.anthropic.com:443/v1/messages'],
    ['llm/v1/completions', V, 'https://api.anthropic.com:443/v1/complete'],
    ['llm/v1/chat', { ...V, upstream_url: 'http://proxy.local:8080/anthropic/v1/messages' }, 'http://proxy.local:8080/anthropic/v1/messages'],
    ['llm/v1/chat', { ...V, upstream_url: 'http://proxy.local' }, 'http://proxy.local:443/'],
    ['llm/v1/chat', { ...V, upstream_path: '/custom' }, 'https://api.anthropic.com:443/custom'],
    ['preserve', V, 'https://api.anthropic.com:443<client path>'],
    ['llm/v1/chat', V, 'https://api.anthropic.com:443/v1/messages', { llm_format: 'anthropic' }],
    ['llm/v1/embeddings', V, 'unsupported 400: no transformer for anthropic://llm/v1/embeddings'],
    ['llm/v1/chat', null, "unsupported 500: must set 'model.options.anthropic_version' for anthropic provider"],
    ['llm/v1/chat', V, "unsupported 500: llm_format 'gemini' is not supported for anthropic; set config.llm_format to openai or anthropic", { llm_format: 'gemini' }],
  ];
  for (const [routeType, options, expected, extra] of table) {
    it(`${routeType} ${JSON.stringify(options)} ${extra ? JSON.stringify(extra) : ''} → ${expected}`, () => assert.equal(url(routeType, options, extra), expected));
  }
  it('anthropic-version on every call; the key in the configured header (allow_override honoured), never in the plan\'s description', () => {
    const p = planFor(config('llm/v1/chat', V)) as DriverPlan;
    assert.deepEqual(p.headers, { 'anthropic-version': '2023-06-01' });
    assert.equal(describeAuth(p.auth), "header x-api-key (replaces the client's)");
    const o = planFor(config('llm/v1/chat', V, { auth: { header_name: 'x-api-key', header_value: 's', allow_override: true, param_name: 'k', param_value: 'v', param_location: 'query' } })) as DriverPlan;
    assert.equal(describeAuth(o.auth), "header x-api-key (the client's own kept: allow_override), query parameter k (the client's own kept: allow_override)");
    assert.doesNotMatch(JSON.stringify({ ...p, auth: null }), /sk-ant-secret/);
  });
});

describe('anthropic native format (llm_format: anthropic)', () => {
  const t = anthropicToAnthropic;
  it('POST …/v1/messages only', () => {
    assert.deepEqual(t.operation!('POST', '/v1/messages'), { ok: true, operation: 'messages', stream: false });
    assert.deepEqual(t.operation!('POST', '/v1/complete'), { ok: false, status: 400, message: '/v1/complete is not a supported Anthropic native API (use POST /v1/messages)' });
    assert.equal((t.operation!('GET', '/v1/messages') as { status: number }).status, 405);
  });
  it('the body\'s model and stream are read for Kong\'s checks; a body without messages is Kong\'s 400', () => {
    assert.deepEqual(t.nativeRequest!({ model: 'claude', stream: true, messages: [] }, 'messages'), { ok: true, model: 'claude', stream: true });
    assert.deepEqual(t.nativeRequest!({ model: 'claude' }, 'messages'), { ok: false, message: "request body doesn't contain valid prompts" });
  });
  it('bytes unchanged both ways; usage from the message, and from message_start + message_delta in a stream', () => {
    const raw = Buffer.from('{"model":"claude",  "messages":[]}');
    const req = t.requestBody({}, raw, 'llm/v1/chat', { provider: 'anthropic', name: 'claude', options: null });
    assert.ok(req.ok && req.value === raw);
    const f = readLlmFixture('anthropic', 'llm-v1-chat', 'responses', 'good');
    const body = Buffer.from(JSON.stringify(f.upstream.body));
    const r = t.responseBody(body, 'llm/v1/chat', f.model as ModelSettings, {});
    assert.ok(r.ok && r.value.body === body);
    assert.deepEqual([r.value.usage, r.value.responseModel], [{ prompt_tokens: 12, completion_tokens: 6 }, 'claude-sonnet-4-5-20250929']);
    const s = readLlmFixture('anthropic', 'llm-v1-chat', 'responses', 'good_stream');
    for (const [cut, pieces] of splits(Buffer.from(s.upstream.sse!))) {
      const out = relay(t, pieces, 'llm/v1/chat', s.model as ModelSettings);
      assert.deepEqual([out.out, out.usage, out.text], ['', { prompt_tokens: 25, completion_tokens: 15 }, 'Grüße 👋!'], `split at ${cut}`);
    }
  });
});
