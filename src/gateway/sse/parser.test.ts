import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SseParser, wholeUtf8Length } from './parser.js';

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

  it('keeps 3- and 4-byte UTF-8 sequences whole across every split, and drops a BOM only where the stream opens', () => {
    const text = '\uFEFFdata: 中文 🙂 \uFEFF\n\ndata: ok\n\n';
    const bytes = enc(text);
    for (let cut = 0; cut <= bytes.length; cut++) {
      for (let cut2 = cut; cut2 <= bytes.length; cut2 += 3) {
        const p = new SseParser();
        const got = [...p.push(bytes.slice(0, cut)), ...p.push(bytes.slice(cut, cut2)), ...p.push(bytes.slice(cut2))].map((e) => e.data);
        assert.deepEqual(got, ['中文 🙂 \uFEFF', 'ok'], `cuts at ${cut}, ${cut2}`);
      }
    }
  });

  it('reads `data` without a colon and `data:` with nothing as empty data lines, and other fields by name', () => {
    const p = new SseParser();
    const events = p.push('data\n\ndata:\ndata: a\n\nevent:x\ndatabase: no\ndata:  two spaces\n\n');
    assert.deepEqual(events, [
      { event: undefined, data: '', id: undefined },
      { event: undefined, data: '\na', id: undefined },
      { event: 'x', data: ' two spaces', id: undefined },
    ]);
  });

  it('wholeUtf8Length: holds back only an unfinished multi-byte sequence', () => {
    const e = enc('a🙂');
    for (let n = 1; n < e.length; n++) assert.equal(wholeUtf8Length(e.subarray(0, n)), 1, `first ${n} bytes`);
    assert.equal(wholeUtf8Length(e), e.length);
    assert.equal(wholeUtf8Length(new Uint8Array([0x61, 0x80])), 2, 'a stray continuation byte is not waited for');
    assert.equal(wholeUtf8Length(new Uint8Array()), 0);
  });
});
