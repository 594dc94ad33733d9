import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sseData } from './sse.js';

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield new TextEncoder().encode(p);
}

test('sseData: events split across chunks, CRLF, multi-line data, comments, empty events and [DONE] skipped', async () => {
  const got: string[] = [];
  for await (const d of sseData(chunks('data: {"a":', '1}\r\n\r\n: keep-alive\n\n', 'event: x\ndata: one\ndata: two\n\ndata:[DONE]\n\n', 'data: tail-without-end'))) got.push(d);
  assert.deepEqual(got, ['{"a":1}', 'one\ntwo']);
});

test('sseData: a multi-byte character split between chunks is decoded whole', async () => {
  const bytes = new TextEncoder().encode('data: é\n\n');
  async function* split(): AsyncGenerator<Uint8Array> {
    yield bytes.subarray(0, 7);
    yield bytes.subarray(7);
  }
  const got: string[] = [];
  for await (const d of sseData(split())) got.push(d);
  assert.deepEqual(got, ['é']);
});
