// The OpenAI-format translators against their golden fixtures
// (src/testing/llm/fixtures/<provider>/<route>/{requests,responses}/<outcome>.json) — openai
// (and every OpenAI-wire provider: the same translator), mistral, ollama (and mistral/llama2's
// ollama format), llama2 raw, gemini, cohere, azure: every request, response and stream outcome
// of the folder, the streams fed through the shared decoder split at every byte boundary and one
// byte at a time, and completed by the OpenAI stream writer, as the proxy does. Fixtures were
// produced by the translators and read through by hand against Kong's drivers (their
// `description` says what each one pins). Anthropic's and Bedrock's have their own runners
// (binary event streams, plans) beside their drivers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { llmOutcomes, readLlmFixture } from '../../testing/llm/fixtures.js';
import { openAiToCohere } from './cohere/index.js';
import type { ModelSettings, RouteType, Translator } from './driver.js';
import { conversionFailure } from './driver.js';
import { createDecoder } from './framing.js';
import { openAiToGemini } from './gemini/index.js';
import { openAiPassthrough, openAiToLlama2Raw, openAiToOllama } from './openai/index.js';
import { OpenAiStreamWriter } from './openai-stream.js';

const ROUTE: Record<string, RouteType> = { 'llm-v1-chat': 'llm/v1/chat', 'llm-v1-completions': 'llm/v1/completions', 'llm-v1-embeddings': 'llm/v1/embeddings' };
const CASES: [string, Translator, string[]][] = [
  ['openai', openAiPassthrough, ['llm-v1-chat', 'llm-v1-completions', 'llm-v1-embeddings']],
  ['mistral', openAiPassthrough, ['llm-v1-chat']],
  ['ollama', openAiToOllama, ['llm-v1-chat', 'llm-v1-completions', 'llm-v1-embeddings']],
  ['llama2', openAiToLlama2Raw, ['llm-v1-chat', 'llm-v1-completions']],
  ['gemini', openAiToGemini, ['llm-v1-chat']],
  ['cohere', openAiToCohere, ['llm-v1-chat', 'llm-v1-completions']],
  ['azure', openAiPassthrough, ['llm-v1-chat']],
];

function relay(t: Translator, pieces: Buffer[], routeType: RouteType, model: ModelSettings) {
  const decoder = createDecoder(t.framing);
  const chat = routeType === 'llm/v1/chat';
  const writer = new OpenAiStreamWriter({ id: chat ? 'chatcmpl-REQ' : 'cmpl-REQ', created: 1730000000, model: model.name ?? '', object: chat ? 'chat.completion.chunk' : 'text_completion' }, false);
  let out = '';
  let text = '';
  let usage = {};
  for (const piece of pieces) {
    for (const e of decoder.push(piece)) {
      const step = t.streamEvent(e, routeType, model);
      text += step.text;
      if (step.usage) usage = { ...usage, ...step.usage };
      out += writer.write(step);
      // as relay-stream: the upstream's in-stream error is the last thing the client gets
      if (step.failed) return { out, text, usage };
    }
  }
  return { out: out + writer.end(usage) + t.streamTerminator, text, usage };
}

for (const [provider, t, routes] of CASES) {
  describe(`${provider} driver translation (golden fixtures)`, () => {
    for (const route of routes) {
      const routeType = ROUTE[route]!;
      for (const outcome of llmOutcomes(provider, route, 'requests')) {
        it(`${provider}/${route}: request ${outcome}`, () => {
          const f = readLlmFixture(provider, route, 'requests', outcome);
          const r = t.requestBody(structuredClone(f.client), Buffer.from(JSON.stringify(f.client)), routeType, f.model as ModelSettings);
          if ('refused' in f.upstream) {
            assert.ok(!r.ok);
            assert.equal(r.message, f.upstream.refused);
          } else {
            assert.ok(r.ok, r.ok ? '' : r.message);
            assert.deepEqual(JSON.parse(r.value.toString()), f.upstream);
          }
        });
      }
      let responses: string[] = [];
      try {
        responses = llmOutcomes(provider, route, 'responses');
      } catch {
        // no response fixtures for this route
      }
      for (const outcome of responses) {
        const f = readLlmFixture(provider, route, 'responses', outcome);
        if (f.upstream.sse !== undefined || f.upstream.ndjson !== undefined || f.upstream.json_array !== undefined) {
          it(`${provider}/${route}: stream ${outcome}, split at every byte boundary`, () => {
            const bytes = Buffer.from((f.upstream.sse ?? f.upstream.ndjson ?? f.upstream.json_array) as string);
            for (let cut = 0; cut <= bytes.length; cut++) {
              const r = relay(t, [bytes.subarray(0, cut), bytes.subarray(cut)], routeType, f.model as ModelSettings);
              assert.equal(r.out, f.client.sse, `split at byte ${cut}`);
              assert.deepEqual(r.usage, f.client.usage);
              assert.equal(r.text, f.client.text);
            }
            const bytewise = relay(t, [...bytes].map((b) => Buffer.from([b])), routeType, f.model as ModelSettings);
            assert.equal(bytewise.out, f.client.sse, 'one byte at a time');
          });
        } else {
          it(`${provider}/${route}: response ${outcome}`, () => {
            const r = t.responseBody(Buffer.from(JSON.stringify(f.upstream.body)), routeType, f.model as ModelSettings);
            if (f.client.status === 500) {
              assert.ok(!r.ok);
              assert.deepEqual({ error: { message: conversionFailure(routeType, r.message, provider) } }, f.client.body);
              return;
            }
            assert.ok(r.ok, r.ok ? '' : r.message);
            assert.deepEqual(JSON.parse(String(r.value.json ? JSON.stringify(r.value.json) : r.value.body)), f.client.body);
            assert.deepEqual(r.value.usage, f.client.usage);
            assert.equal(r.value.text, f.client.text);
          });
        }
      }
    }
  });
}
