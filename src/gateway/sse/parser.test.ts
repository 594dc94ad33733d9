import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SseParser } from './parser.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('SseParser', () => {
  it('parses TGI events (no space after data:) and OpenAI events (one space)', () => {
    const p = new SseParser();
    const events = p.push('data:{"a":1}\n\ndata: {"b":2}\n\ndata: [DONE]\n\n');
    assert.deepEqual(events.map((e) => e.data), ['{"a":1}', '{"b":2}', '[DONE]']);
  });

  it('returns an event only once its blank line arrives, across any split', () => {
    const text = 'data:{"index":1,"token":{"text":" é"}}\n\ndata:{"index":2}\n\n';
    const bytes = enc(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const p = new SseParser();
      const got = [...p.push(bytes.slice(0, cut)), ...p.push(bytes.slice(cut))].map((e) => e.data);
      assert.deepEqual(got, ['{"index":1,"token":{"text":" é"}}', '{"index":2}'], `cut at ${cut}`);
    }
  });

  it('handles CRLF and bare CR line ends, including a CRLF split between chunks', () => {
    const p = new SseParser();
    const a = p.push('data: one\r');
    const b = p.push('\n\r\ndata: two\r\rdata: three\n\n');
    assert.deepEqual([...a, ...b].map((e) => e.data), ['one', 'two', 'three']);
  });

  it('counts comments and ignores them; joins multi-line data; keeps event and id', () => {
    const p = new SseParser();
    const events = p.push(':\n\n: keep-alive\nevent: error\nid: 7\ndata: x\ndata: y\n\n');
    assert.equal(p.comments, 2);
    assert.deepEqual(events, [{ event: 'error', data: 'x\ny', id: '7' }]);
  });

  it('drops an unterminated last event at end of stream', () => {
    const p = new SseParser();
    assert.deepEqual(p.push('data: half'), []);
    p.end();
    assert.deepEqual(p.push('\n\n'), []);
  });
});
