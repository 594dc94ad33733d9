import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFixture, streamEvents } from '../../../testing/tgi/index.js';
import { SseParser } from '../../sse/parser.js';
import { huggingFaceToHuggingFace as t } from './index.js';
import { tokenTextOf } from './native-format.js';

const model = { provider: 'huggingface', name: 'HuggingFaceTB/SmolVLM-Base', options: null };

describe('huggingface-to-huggingface (native)', () => {
  it('forwards the request bytes unchanged', () => {
    const f = readFixture<{ client_raw: string }>('generate', 'requests', 'good');
    const bytes = Buffer.from(f.client_raw);
    const r = t.requestBody(JSON.parse(f.client_raw), bytes, 'llm/v1/chat', model);
    assert.ok(r.ok);
    assert.equal(r.value, bytes);
  });

  it('relays a /generate body unchanged and reads usage from the x-* headers', () => {
    const f = readFixture<{ upstream: { raw: string; headers: Record<string, string> }; client: { usage: unknown } }>('generate', 'responses', 'good');
    const r = t.responseBody(Buffer.from(f.upstream.raw), 'llm/v1/chat', model, f.upstream.headers);
    assert.ok(r.ok);
    assert.equal(r.value.body.toString(), f.upstream.raw);
    assert.deepEqual(r.value.usage, f.client.usage);
    assert.equal(r.value.text, ' Learning? Deep is What');
  });

  it('falls back to details.generated_tokens without headers', () => {
    const f = readFixture<{ upstream: { raw: string } }>('generate', 'responses', 'good');
    const r = t.responseBody(Buffer.from(f.upstream.raw), 'llm/v1/chat', model, {});
    assert.ok(r.ok);
    assert.deepEqual(r.value.usage, { completion_tokens: 5 });
  });

  it('reads usage from the final stream event and never builds frames', () => {
    const sse = streamEvents({ inputs: 'a b c', parameters: { max_new_tokens: 4 } }).map((e) => `data:${e}\n\n`).join('');
    let usage;
    let text = '';
    for (const e of new SseParser().push(sse)) {
      const step = t.streamEvent(e, 'llm/v1/chat', model);
      assert.equal(step.frame, undefined);
      text += step.text;
      if (step.usage) usage = step.usage;
    }
    assert.deepEqual(usage, { prompt_tokens: 3, completion_tokens: 4 });
    assert.equal(text, ' c b a c');
  });

  it('a cut stream gets nothing added: the client sees the upstream bytes, then the cut', () => {
    assert.equal(t.streamError({ cause: 'reset', detail: 'x' }), undefined);
  });

  it('reads a token event\'s text without JSON.parse exactly as JSON.parse does, and leaves every other shape to it', () => {
    const texts = [' plain', '', 'quote " and \\ backslash', 'line\nbreak\ttab', 'é 中文 🙂', '\u0000\u001f', '"', '\\'];
    for (const text of texts) {
      for (const extra of ['', '"top_tokens":null,']) {
        const data = `{"index":12,"token":{"id":28723,"text":${JSON.stringify(text)},"logprob":-0.6196289,"special":false},${extra}"generated_text":null,"details":null}`;
        assert.equal(tokenTextOf(data), text, data);
        assert.equal(t.streamEvent({ event: undefined, data, id: undefined }, 'llm/v1/chat', model).text, text);
      }
    }
    // TGI's last event without details (not asked for): its token text, no usage
    const last = '{"index":16,"token":{"id":28723,"text":".","logprob":-0.6196289,"special":false},"generated_text":"This is a picture.","details":null}';
    assert.equal(tokenTextOf(last), '.');
    // other shapes go to JSON.parse: the result is the same either way
    const others = [
      '{"index":3,"token":{"id":5,"text":" x","logprob":0,"special":false},"generated_text":" a b x","details":{"finish_reason":"length","generated_tokens":3,"input_length":2,"seed":null}}',
      '{"token":{"id":5,"text":" y"},"index":3,"details":null}',
      '{"index":3,"token":{"text":" z","id":5},"details":null}',
      '{"index":-1,"token":{"id":5,"text":" w"},"details":null}',
    ];
    for (const data of others) assert.equal(tokenTextOf(data), undefined, data);
    const step = t.streamEvent({ event: undefined, data: others[0]!, id: undefined }, 'llm/v1/chat', model);
    assert.deepEqual([step.text, step.usage], [' x', { prompt_tokens: 2, completion_tokens: 3 }]);
    assert.equal(t.streamEvent({ event: undefined, data: others[2]!, id: undefined }, 'llm/v1/chat', model).text, ' z');
  });
});
