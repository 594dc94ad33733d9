// Every vendor's stream is written frame by frame as it is generated, with the per-token delay:
// the client reads the first frame while the mock is still generating (the request record says
// in-progress, fewer frames sent than the stream has), and the frames arrive spread over time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMock, type StartedMock } from './mock.test-helper.js';

let m: StartedMock;
before(async () => {
  m = await startMock({ tokenDelayMs: 100 });
});
after(() => m.close());

const user = 'a b c d';
const STREAMS: [string, string, Record<string, string>, unknown][] = [
  ['openai', '/v1/chat/completions', {}, { model: 'm', stream: true, messages: [{ role: 'user', content: user }] }],
  ['azure', '/openai/deployments/d/chat/completions?api-version=2024-10-21', {}, { stream: true, messages: [{ role: 'user', content: user }] }],
  ['anthropic', '/v1/messages', { 'anthropic-version': '2023-06-01' }, { model: 'c', max_tokens: 9, stream: true, messages: [{ role: 'user', content: user }] }],
  ['mistral', '/mistral/v1/chat/completions', {}, { model: 'm', stream: true, messages: [{ role: 'user', content: user }] }],
  ['cohere v1', '/v1/chat', {}, { message: user, stream: true }],
  ['cohere v2', '/v2/chat', {}, { model: 'c', stream: true, messages: [{ role: 'user', content: user }] }],
  ['gemini sse', '/v1beta/models/g:streamGenerateContent?alt=sse', {}, { contents: [{ role: 'user', parts: [{ text: user }] }] }],
  ['gemini array', '/v1beta/models/g:streamGenerateContent', {}, { contents: [{ role: 'user', parts: [{ text: user }] }] }],
  ['bedrock', '/model/m/converse-stream', {}, { messages: [{ role: 'user', content: [{ text: user }] }] }],
  ['ollama', '/api/chat', {}, { model: 'llama3.2', messages: [{ role: 'user', content: user }] }],
];

describe('streams are written as generated, not buffered', () => {
  for (const [vendor, path, headers, body] of STREAMS) {
    it(vendor, async () => {
      await m.clear();
      const t0 = performance.now();
      const res = await fetch(`${m.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      assert.equal(res.status, 200);
      const reader = res.body!.getReader();
      assert.equal((await reader.read()).done, false);
      const first = performance.now() - t0;
      const [during] = await m.requests();
      assert.equal(during!.state, 'in-progress', `${vendor}: the whole stream was written before the first read`);
      let chunks = 1;
      while (!(await reader.read()).done) chunks++;
      const last = performance.now() - t0;
      const [done] = await m.requests();
      assert.equal(done!.state, 'completed');
      assert.ok(done!.eventsSent > during!.eventsSent, `${vendor}: ${during!.eventsSent} events at the first read, ${done!.eventsSent} in all`);
      assert.ok(chunks >= 4, `${vendor}: ${chunks} reads`);
      assert.ok(last - first >= 3 * 100 * 0.9, `${vendor}: first frame after ${first.toFixed(0)} ms, last after ${last.toFixed(0)} ms`);
    });
  }
});
