// The shared stream decoders, fed the same stream split at every byte boundary: the events are
// the same whatever the split (mid-line, mid-UTF-8 sequence, mid-binary-message).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { createDecoder, type FrameEvent, type Framing } from './framing.js';

function everySplit(framing: Framing, bytes: Buffer): FrameEvent[] {
  const whole = createDecoder(framing).push(bytes);
  for (let a = 0; a <= bytes.length; a++) {
    const d = createDecoder(framing);
    const events = [...d.push(bytes.subarray(0, a)), ...d.push(bytes.subarray(a))];
    assert.deepEqual(events, whole, `split at byte ${a}`);
  }
  // and one byte at a time
  const d = createDecoder(framing);
  const bytewise = [...bytes].flatMap((b) => d.push(Buffer.from([b])));
  assert.deepEqual(bytewise, whole);
  return whole;
}

describe('stream framing', () => {
  it('sse', () => {
    const events = everySplit('sse', Buffer.from('data: {"a":"é"}\n\nevent: ping\ndata: {}\r\n\r\n: keep-alive\n\ndata: [DONE]\n\n'));
    assert.deepEqual(events.map((e) => [e.event, e.data]), [[undefined, '{"a":"é"}'], ['ping', '{}'], [undefined, '[DONE]']]);
  });

  it('json-array-or-sse: the elements of a JSON array (strings with brackets, escapes, nesting, CRLF); SSE when it does not start with [', () => {
    const array = everySplit('json-array-or-sse', Buffer.from('\r\n [{"a":"]}[{\\"ü"},\r\n{"b":[1,{"c":"\\\\"}]}\r\n, {"error":{"code":503}}\r\n]\r\n'));
    assert.deepEqual(array.map((e) => e.data), ['{"a":"]}[{\\"ü"}', '{"b":[1,{"c":"\\\\"}]}', '{"error":{"code":503}}']);
    assert.deepEqual(array.map((e) => JSON.parse(e.data)), [{ a: ']}[{"ü' }, { b: [1, { c: '\\' }] }, { error: { code: 503 } }]);
    const sse = everySplit('json-array-or-sse', Buffer.from('data: {"x":1}\r\n\r\ndata: {"y":2}\r\n\r\n'));
    assert.deepEqual(sse.map((e) => e.data), ['{"x":1}', '{"y":2}']);
  });

  it('ndjson', () => {
    const events = everySplit('ndjson', Buffer.from('{"a":"ü"}\n\n{"done":true}\n'));
    assert.deepEqual(events.map((e) => e.data), ['{"a":"ü"}', '{"done":true}']);
  });

  it('aws-eventstream: events by :event-type, exceptions by :exception-type', () => {
    const codec = new EventStreamCodec((b) => new TextDecoder().decode(b), (s) => new TextEncoder().encode(s));
    const msg = (headers: Record<string, string>, body: string) =>
      Buffer.from(codec.encode({ headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, { type: 'string', value: v }])), body: new TextEncoder().encode(body) }));
    const bytes = Buffer.concat([
      msg({ ':event-type': 'contentBlockDelta', ':message-type': 'event', ':content-type': 'application/json' }, '{"contentBlockIndex":0,"delta":{"text":"Hi ñ"}}'),
      msg({ ':exception-type': 'throttlingException', ':message-type': 'exception', ':content-type': 'application/json' }, '{"message":"slow down"}'),
    ]);
    const events = everySplit('aws-eventstream', bytes);
    assert.deepEqual(events.map((e) => [e.event, e.data]), [
      ['contentBlockDelta', '{"contentBlockIndex":0,"delta":{"text":"Hi ñ"}}'],
      ['exception:throttlingException', '{"message":"slow down"}'],
    ]);
  });
});
