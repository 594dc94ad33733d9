// known(): unknowns left in a value become null; a value without any is answered as it is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cty, CtyNumber, Unknown, type CtyValue } from '../../cty/index.js';
import { known } from './apply-result.js';

const type = cty.object({ id: cty.string, n: cty.number, tags: cty.list(cty.string), labels: cty.map(cty.string), inner: cty.object({ a: cty.string }) });

test('a wholly known value is returned as the same object (nothing rebuilt)', () => {
  const v: CtyValue = { id: 'x', n: CtyNumber.from(1), tags: ['a'], labels: { k: 'v' }, inner: { a: 'b' } };
  assert.equal(known(v, type), v);
});

test('unknowns at any depth become null; the rest is kept', () => {
  const v: CtyValue = { id: Unknown.plain, n: CtyNumber.from(1), tags: ['a', Unknown.plain], labels: { k: Unknown.plain }, inner: { a: Unknown.plain } };
  assert.deepEqual(known(v, type), { id: null, n: CtyNumber.from(1), tags: ['a', null], labels: { k: null }, inner: { a: null } });
});

test('a missing attribute becomes null and one the type lacks is dropped', () => {
  const v = { id: 'x', n: null, tags: null, labels: null, extra: 'y' } as unknown as CtyValue;
  assert.deepEqual(known(v, type), { id: 'x', n: null, tags: null, labels: null, inner: null });
});
