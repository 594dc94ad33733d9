import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SafeError } from '../../common/index.js';
import { internalErrorLine } from './gateway.js';

test('a bug in a proxy stage is logged with its type and place, never its message (it may quote a credential)', () => {
  const secret = 'hf_secret_token_from_the_request_0123456789';
  const line = internalErrorLine('inject-auth', new TypeError(`cannot read header Bearer ${secret}`));
  assert.ok(!line.includes(secret), line);
  assert.match(line, /^internal error in stage inject-auth \(TypeError, message withheld, at /);
  assert.match(line, /internal-error\.test\.ts/, 'names where it was thrown');
});

test('a safe error keeps its message; a thrown non-Error is named by its type', () => {
  assert.match(internalErrorLine('forward', new SafeError('upstream pool closed')), /\(upstream pool closed\)/);
  const line = internalErrorLine('forward', 'Bearer hf_thrown_string');
  assert.ok(!line.includes('hf_thrown_string'), line);
  assert.match(line, /\(string, message withheld\)/);
});
