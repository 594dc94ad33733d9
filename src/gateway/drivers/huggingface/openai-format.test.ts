import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFixture, type FixtureRoute } from '../../../testing/tgi/index.js';
import { SseParser } from '../../sse/parser.js';
import { conversionFailure, openAiToHuggingFace as t, type ModelSettings, type RouteType } from './index.js';

const ROUTES: [FixtureRoute, RouteType][] = [
  ['llm-v1-chat', 'llm/v1/chat'],
  ['llm-v1-completions', 'llm/v1/completions'],
];

interface RequestFixture { model: ModelSettings; client: Record<string, unknown>; upstream: unknown }
interface ResponseFixture { model: ModelSettings; upstream: { status: number; body?: unknown; sse?: string }; client: { status: number; body?: unknown; sse?: string } }

const raw = (body: unknown) => Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));

describe('openai-to-huggingface', () => {
  for (const [route, routeType] of ROUTES) {
    it(`${route}: request good`, () => {
      const f = readFixture<RequestFixture>(route, 'requests', 'good');
      const r = t.requestBody(f.client, raw(f.client), routeType, f.model);
      assert.ok(r.ok);
      assert.deepEqual(JSON.parse(r.value.toString()), f.upstream);
    });

    for (const outcome of ['good', route === 'llm-v1-chat' ? 'api_error' : 'not_json', ...(route === 'llm-v1-chat' ? ['invalid_format'] : [])]) {
      it(`${route}: response ${outcome}`, () => {
        const f = readFixture<ResponseFixture>(route, 'responses', outcome);
        const r = t.responseBody(raw(f.upstream.body), routeType, f.model);
        if (f.client.status === 200) {
          assert.ok(r.ok);
          assert.deepEqual(JSON.parse(String(r.value.body)), f.client.body);
        } else {
          assert.ok(!r.ok);
          assert.deepEqual({ error: { message: conversionFailure(routeType, r.message) } }, f.client.body);
        }
      });
    }

    it(`${route}: stream good, event by event`, () => {
      const f = readFixture<ResponseFixture>(route, 'responses', 'good_stream');
      const parser = new SseParser();
      let out = '';
      let text = '';
      let usage;
      for (const event of parser.push(f.upstream.sse!)) {
        const step = t.streamEvent(event, routeType, f.model);
        if (step.frame !== undefined) out += step.frame;
        text += step.text;
        if (step.usage) usage = step.usage;
      }
      out += t.streamTerminator;
      assert.equal(out, f.client.sse);
      assert.ok(text.length > 0);
      if (route === 'llm-v1-completions') assert.deepEqual(usage, { prompt_tokens: 3, completion_tokens: 3 });
    });
  }

  it('config options win over the client (Kong 3.10 merge_config_defaults)', () => {
    const model: ModelSettings = { provider: 'huggingface', name: 'm', options: { temperature: 0.5, top_k: 7 } };
    const r = t.requestBody({ messages: [{ role: 'user', content: 'hi' }], temperature: 1.5, top_k: 1, model: 'm' }, Buffer.alloc(0), 'llm/v1/chat', model);
    assert.ok(r.ok);
    const body = JSON.parse(r.value.toString());
    assert.deepEqual(body.parameters, { temperature: 0.5, top_k: 7 });
    assert.equal(body.temperature, undefined);
  });

  it('a TGI error event mid-stream becomes an OpenAI error frame', () => {
    const step = t.streamEvent({ event: undefined, id: undefined, data: '{"error":"Request failed during generation: x","error_type":"generation"}' }, 'llm/v1/chat', { provider: 'huggingface', name: 'm', options: null });
    assert.equal(step.frame, 'data: {"error":{"message":"Request failed during generation: x","type":"generation"}}\n\n');
    assert.equal(step.failed, true, 'the error is the stream\'s last frame: no finish chunk, no [DONE] after it');
  });

  it('a stream the upstream cuts ends with an OpenAI error event naming the cause (never [DONE])', () => {
    const died = t.streamError({ cause: 'reset', detail: 'the upstream closed the connection mid-response' })!;
    const stalled = t.streamError({ cause: 'timeout', detail: 'no data within read_timeout 60000 ms' })!;
    for (const frame of [died, stalled]) assert.match(frame, /^data: \{.*\}\n\n$/);
    assert.deepEqual(JSON.parse(died.slice(6)), { error: { message: 'the upstream closed the stream before it ended (reset); the answer is incomplete', type: 'upstream_error' } });
    assert.deepEqual(JSON.parse(stalled.slice(6)), {
      error: { message: 'the upstream stopped sending (no data within read_timeout 60000 ms); the answer is incomplete', type: 'upstream_timeout' },
    });
  });
});
