// The OpenAI-wire and Ollama-format translators beyond their golden fixtures (which
// ../vendors.test.ts runs): a complete OpenAI answer goes byte for byte, error events mid-stream
// in OpenAI's shape, chunks of OpenAI-compatible servers completed by the writer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readLlmFixture } from '../../../testing/llm/fixtures.js';
import type { ModelSettings, RouteType } from '../driver.js';
import { OpenAiStreamWriter } from '../openai-stream.js';
import { openAiPassthrough, openAiToOllama } from './index.js';

const ROUTE: Record<string, RouteType> = { 'llm-v1-chat': 'llm/v1/chat', 'llm-v1-completions': 'llm/v1/completions', 'llm-v1-embeddings': 'llm/v1/embeddings' };
const who = (model: string) => ({ id: 'chatcmpl-REQ', created: 1730000000, model, object: 'chat.completion.chunk' });

describe('openai driver: errors and streams', () => {
  it('a complete OpenAI answer is sent byte for byte (not re-encoded)', () => {
    for (const route of ['llm-v1-chat', 'llm-v1-completions', 'llm-v1-embeddings']) {
      const f = readLlmFixture('openai', route, 'responses', 'good');
      const raw = Buffer.from(JSON.stringify(f.upstream.body, null, 1));
      const r = openAiPassthrough.responseBody(raw, ROUTE[route]!, f.model as ModelSettings);
      assert.ok(r.ok);
      assert.equal(r.value.body, raw);
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
