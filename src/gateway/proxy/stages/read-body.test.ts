// Reading the request body: with a Content-Length the body is complete once that many bytes are
// in — the stage does not wait for the stream's 'end' (a tick later, on the path of every
// request before its upstream call); without one it waits for 'end'.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import type { ProxyContext } from '../context.js';
import { DEFAULT_PROXY_SETTINGS } from '../limits.js';
import { readBody } from './read-body.js';

/** A request that only emits what the test says (no 'end' unless asked). */
function context(headers: Record<string, string>) {
  const req = Object.assign(new EventEmitter(), { headers });
  const ctx = { req, ai: null, settings: DEFAULT_PROXY_SETTINGS, rawBody: null, done: false } as unknown as ProxyContext;
  return { req, ctx };
}

const settled = (p: Promise<void>) => Promise.race([p.then(() => true), new Promise((r) => setTimeout(() => r(false), 50))]);

test('with Content-Length: done when the declared bytes are in, before any end event; listeners removed', async () => {
  const { req, ctx } = context({ 'content-length': '11' });
  const reading = readBody(ctx) as Promise<void>;
  req.emit('data', Buffer.from('hello '));
  assert.equal(await settled(reading), false, 'not done with 6 of 11 bytes');
  req.emit('data', Buffer.from('world'));
  assert.equal(await settled(reading), true);
  assert.equal(ctx.rawBody!.toString(), 'hello world');
  assert.equal(ctx.done, false);
  assert.equal(req.listenerCount('data') + req.listenerCount('end') + req.listenerCount('error') + req.listenerCount('aborted'), 0);
  req.emit('end'); // the stream's own end, a tick later: nothing more happens
  assert.equal(ctx.rawBody!.toString(), 'hello world');
});

test('without Content-Length (chunked): done at the end event', async () => {
  const { req, ctx } = context({ 'transfer-encoding': 'chunked' });
  const reading = readBody(ctx) as Promise<void>;
  req.emit('data', Buffer.from('{"a":'));
  req.emit('data', Buffer.from('1}'));
  assert.equal(await settled(reading), false);
  req.emit('end');
  assert.equal(await settled(reading), true);
  assert.equal(ctx.rawBody!.toString(), '{"a":1}');
});
