// The OpenAI stream writer: identity on every chunk, a finish chunk and a usage chunk only when
// the upstream sent none.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completeResponse, OpenAiStreamWriter } from './openai-stream.js';

const who = { id: 'chatcmpl-1', created: 1700000000, model: 'm', object: 'chat.completion.chunk' };
const parse = (frames: string) => frames.split('\n\n').filter(Boolean).map((f) => JSON.parse(f.slice(6)));

describe('OpenAiStreamWriter', () => {
  it('adds id, object, created and model; the chunk\'s own values win', () => {
    const w = new OpenAiStreamWriter(who, false);
    const [c] = parse(w.write({ frame: undefined, text: 'a', chunk: { model: 'upstream-model', choices: [{ index: 0, delta: { content: 'a' } }] } }));
    assert.deepEqual(c, { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1700000000, model: 'upstream-model', choices: [{ index: 0, delta: { content: 'a' } }] });
  });

  it('no finish_reason from the upstream: one finish chunk at the end', () => {
    const w = new OpenAiStreamWriter(who, false);
    w.write({ frame: undefined, text: 'a', chunk: { choices: [{ index: 0, delta: { role: 'assistant', content: 'a' } }] } });
    assert.deepEqual(parse(w.end({})), [{ ...who, choices: [{ delta: {}, index: 0, finish_reason: 'stop' }] }]);
  });

  it('a finish_reason seen (in a chunk, or a verbatim frame flagged finished): nothing added', () => {
    const w = new OpenAiStreamWriter(who, false);
    w.write({ frame: undefined, text: '', chunk: { choices: [{ index: 0, delta: {}, finish_reason: 'length' }] } });
    assert.equal(w.end({}), '');
    const v = new OpenAiStreamWriter(who, false);
    assert.equal(v.write({ frame: 'data: {"x":1}\n\n', text: '', finished: true }), 'data: {"x":1}\n\n');
    assert.equal(v.end({}), '');
  });

  it('include_usage: a usage chunk with the counts read, unless the upstream sent one', () => {
    const w = new OpenAiStreamWriter(who, true);
    w.write({ frame: undefined, text: '', chunk: { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] } });
    assert.deepEqual(parse(w.end({ prompt_tokens: 3, completion_tokens: 2 })), [{ ...who, choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } }]);
    const v = new OpenAiStreamWriter(who, true);
    v.write({ frame: undefined, text: '', chunk: { choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } } });
    assert.equal(v.end({}), '');
  });

  it('include_usage: a verbatim upstream frame carrying usage counts as the usage chunk (no second one)', () => {
    const w = new OpenAiStreamWriter(who, true);
    const frame = 'data: {"id":"u","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}\n\n';
    assert.equal(w.write({ frame, text: '', usage: { prompt_tokens: 1, completion_tokens: 2 } }), frame);
    assert.equal(w.end({ prompt_tokens: 1, completion_tokens: 2 }), '');
  });

  it('completes a non-stream body', () => {
    assert.deepEqual(completeResponse({ model: 'x', choices: [] }, { ...who, object: 'chat.completion' }), { model: 'x', choices: [], id: 'chatcmpl-1', created: 1700000000 });
  });
});
