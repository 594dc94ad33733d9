import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unexpandedCredentialWarnings } from './unexpanded.js';

const warn = (header_value: unknown, extra: Record<string, unknown> = {}) =>
  unexpandedCredentialWarnings('KongPlugin kong/ai-proxy', { auth: { header_name: 'Authorization', header_value, ...extra } });

test('$NAME, ${NAME} and "Bearer " with nothing after it are warned about, naming the plugin and the field', () => {
  assert.match(warn('Bearer $HUGGINGFACE_TOKEN')[0]!, /^KongPlugin kong\/ai-proxy: config\.auth\.header_value holds the literal text \$HUGGINGFACE_TOKEN, which only a shell expands/);
  assert.match(warn('Bearer ${HUGGINGFACE_TOKEN}')[0]!, /config\.auth\.header_value holds the literal text \$\{HUGGINGFACE_TOKEN\}/);
  assert.match(warn('$HF_TOKEN')[0]!, /holds the literal text \$HF_TOKEN/);
  assert.match(warn('Bearer ')[0]!, /config\.auth\.header_value is "Bearer " with nothing after it/);
  assert.match(warn('Bearer')[0]!, /is "Bearer " with nothing after it/);
  assert.match(warn('')[0]!, /config\.auth\.header_value is empty/);
  assert.match(unexpandedCredentialWarnings('KongPlugin kong/p', { auth: { param_name: 'key', param_value: '$API_KEY' } })[0]!, /config\.auth\.param_value holds the literal text \$API_KEY/);
});

test('a real credential gets no warning, and no part of a value that may be a secret is ever printed', () => {
  assert.deepEqual(warn('Bearer hf_AbC123xyz'), []);
  assert.deepEqual(warn(undefined), []);
  assert.deepEqual(unexpandedCredentialWarnings('KongPlugin kong/p', {}), []);
  const secretish = 'Bearer $ecretPart';
  const w = warn(secretish);
  assert.equal(w.length, 1, 'a reference-like value is still reported');
  assert.ok(!w[0]!.includes('ecretPart'), 'but a name that is not a conventional variable name is not echoed');
  const embedded = warn('Bearer hf_abc$TOKEN_PART');
  assert.ok(embedded.every((l) => !l.includes('hf_abc') && !l.includes('TOKEN_PART')), 'the value is never printed');
});
