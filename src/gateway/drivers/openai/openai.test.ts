// The OpenAI-wire and Ollama-format translators against their golden fixtures
// (src/testing/llm/fixtures/<provider>/<route>/{requests,responses}/<outcome>.json): request,
// response and stream translation, the stream fed through the shared decoder split at every
// byte boundary and completed by the OpenAI stream writer, as the proxy does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readLlmFixture } from '../../../testing/llm/fixtures.js';
import type { ModelSettings, RouteType, Translator } from '../driver.js';
import { conversionFailure } from '../driver.js';
import { createDecoder } from '../framing.js';
import { OpenAiStreamWriter } from '../openai-stream.js';
import { openAiPassthrough, openAiToLlama2Raw, openAiToOllama } from './index.js';

const ROUTE: Record<string, RouteType> = { 'llm-v1-chat': 'llm/v1/chat', 'llm-v1-completions': 'llm/v1/completions', 'llm-v1-embeddings': 'llm/v1/embeddings' };
const CASES: [string, Translator, string[]][] = [
  ['openai', openAiPassthrough, ['llm-v1-chat', 'llm-v1-completions', 'llm-v1-embeddings']],
  ['ollama', openAiToOllama, ['llm-v1-chat', 'llm-v1-embeddings']],
  ['llama2', openAiToLlama2Raw, ['llm-v1-chat', 'llm-v1-completions']],
];
const who = (model: string, chat = true) => ({ id: 'chatcmpl-REQ', created: 1730000000, model, object: chat ? 'chat.completion.chunk' : 'text_completion' });

/** Runs a whole upstream stream through decoder → translator → writer, split into the given pieces. */
function relay(t: Translator, pieces: Buffer[], routeType: RouteType, model: ModelSettings) {
  const decoder = createDecoder(t.framing);
  const writer = new OpenAiStreamWriter(who(model.name ?? ''), false);
  let out = '';
  let text = '';
  let usage = {};
  for (const piece of pieces) {
    for (const e of decoder.push(piece)) {
      const step = t.streamEvent(e, routeType, model);
      text += step.text;
      if (step.usage) usage = { ...usage, ...step.usage };
      out += writer.write(step);
    }
  }
  return { out: out + writer.end(usage) + t.streamTerminator, text, usage };
}

for (const [provider, t, routes] of CASES) {
  describe(`${provider} driver translation (golden fixtures)`, () => {
    for (const route of routes) {
      const routeType = ROUTE[route]!;
      it(`${provider}/${route}: request good`, () => {
        const f = readLlmFixture(provider, route, 'requests', 'good');
        const r = t.requestBody(structuredClone(f.client), Buffer.from(JSON.stringify(f.client)), routeType, f.model as ModelSettings);
        assert.ok(r.ok);
        assert.deepEqual(JSON.parse(r.value.toString()), f.upstream);
      });
      it(`${provider}/${route}: response good`, () => {
        const f = readLlmFixture(provider, route, 'responses', 'good');
        const raw = Buffer.from(JSON.stringify(f.upstream.body));
        const r = t.responseBody(raw, routeType, f.model as ModelSettings);
        assert.ok(r.ok);
        assert.deepEqual(JSON.parse(String(r.value.json ? JSON.stringify(r.value.json) : r.value.body)), f.client.body);
        assert.deepEqual(r.value.usage, f.client.usage);
        if (provider === 'openai') assert.equal(r.value.body, raw, 'a complete OpenAI answer is sent byte for byte');
      });
    }
  });
}

describe('llama2 raw: more than one generation', () => {
  it('is Kong\'s 500', () => {
    const f = readLlmFixture('llama2', 'llm-v1-chat', 'responses', 'two_generations');
    const r = openAiToLlama2Raw.responseBody(Buffer.from(JSON.stringify(f.upstream.body)), 'llm/v1/chat', f.model as ModelSettings);
    assert.ok(!r.ok);
    assert.deepEqual({ error: { message: conversionFailure('llm/v1/chat', r.message, 'llama2') } }, f.client.body);
  });
});

describe('openai driver: errors and streams', () => {
  it('a 200 without choices is Kong\'s 500 naming the provider', () => {
    const f = readLlmFixture('openai', 'llm-v1-chat', 'responses', 'no_choices');
    const r = openAiPassthrough.responseBody(Buffer.from(JSON.stringify(f.upstream.body)), 'llm/v1/chat', f.model as ModelSettings);
    assert.ok(!r.ok);
    assert.deepEqual({ error: { message: conversionFailure('llm/v1/chat', r.message, 'openai') } }, f.client.body);
  });

  it('openai/llm-v1-chat: stream good — chunks unchanged, one [DONE], usage from the include_usage chunk, at every split', () => {
    const f = readLlmFixture('openai', 'llm-v1-chat', 'responses', 'good_stream');
    const bytes = Buffer.from(f.upstream.sse!);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const r = relay(openAiPassthrough, [bytes.subarray(0, cut), bytes.subarray(cut)], 'llm/v1/chat', f.model as ModelSettings);
      assert.equal(r.out, f.client.sse, `split at byte ${cut}`);
      assert.deepEqual(r.usage, f.client.usage);
      assert.equal(r.text, f.client.text);
    }
  });

  it('ollama/llm-v1-chat: NDJSON stream good — OpenAI chunks with finish_reason and usage, at every split', () => {
    const f = readLlmFixture('ollama', 'llm-v1-chat', 'responses', 'good_stream');
    const bytes = Buffer.from(f.upstream.ndjson!);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const r = relay(openAiToOllama, [bytes.subarray(0, cut), bytes.subarray(cut)], 'llm/v1/chat', f.model as ModelSettings);
      assert.equal(r.out, f.client.sse, `split at byte ${cut}`);
      assert.deepEqual(r.usage, f.client.usage);
      assert.equal(r.text, f.client.text);
    }
  });

  it('an error event mid-stream is relayed in OpenAI\'s error shape (the SDKs raise)', () => {
    const step = openAiPassthrough.streamEvent({ event: undefined, id: undefined, data: '{"error":{"message":"overloaded","type":"server_error"}}' }, 'llm/v1/chat', { provider: 'openai', name: 'm', options: null });
    assert.equal(step.frame, 'data: {"error":{"message":"overloaded","type":"server_error"}}\n\n');
    const ollama = openAiToOllama.streamEvent({ event: undefined, id: undefined, data: '{"error":"model crashed"}' }, 'llm/v1/chat', { provider: 'ollama', name: 'm', options: null });
    assert.equal(ollama.frame, 'data: {"error":{"message":"model crashed","type":"upstream_error"}}\n\n');
    // The error is the stream's last frame: relay-stream sends no [DONE] after a failed step.
    assert.equal(step.failed, true);
    assert.equal(ollama.failed, true, 'an Ollama error line ends the stream without [DONE]');
  });

  it('a chunk without id/created (an OpenAI-compatible server) is completed by the writer', () => {
    const step = openAiPassthrough.streamEvent({ event: undefined, id: undefined, data: '{"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}' }, 'llm/v1/chat', { provider: 'vllm', name: 'm', options: null });
    const frame = new OpenAiStreamWriter(who('m'), false).write(step);
    assert.deepEqual(JSON.parse(frame.slice(6)), { id: 'chatcmpl-REQ', object: 'chat.completion.chunk', created: 1730000000, model: 'm', choices: [{ index: 0, delta: { content: 'x' }, finish_reason: null }] });
  });
});
