import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttributePath, AttributePathError } from '../common/index.js';
import {
  cty,
  CtyNumber,
  dedupeSet,
  dynamicValue,
  getAt,
  isUnknown,
  isWhollyKnown,
  nullAttributes,
  setAt,
  Unknown,
  valueEquals,
  walk,
  type CtyValue,
} from './index.js';

const n = (v: number | string) => CtyNumber.from(v);
const T = cty.object({
  name: cty.string,
  tags: cty.set(cty.string),
  rules: cty.list(cty.object({ port: cty.number, hosts: cty.set(cty.string) })),
  labels: cty.map(cty.string),
  extra: cty.dynamic,
});

test('equality: sets ignore order and duplicates, numbers compare exactly, missing attributes are null', () => {
  const a: CtyValue = { name: 'x', tags: ['b', 'a', 'a'], rules: [{ port: n('1.0'), hosts: ['h'] }], labels: { k: 'v' }, extra: null };
  const b: CtyValue = { name: 'x', tags: ['a', 'b'], rules: [{ port: n(1), hosts: ['h'] }], labels: { k: 'v' } };
  assert.ok(valueEquals(a, b, T));
  assert.ok(!valueEquals(a, { ...b, rules: [{ port: n('1.0000000000000000001'), hosts: ['h'] }] }, T));
  assert.ok(!valueEquals(a, { ...b, labels: { k: 'w' } }, T));
  assert.ok(!valueEquals(['a', 'b'], ['b', 'a'], cty.list(cty.string)));
  assert.ok(valueEquals(Unknown.plain, Unknown.refined({}), cty.string));
  assert.ok(!valueEquals(Unknown.plain, Unknown.refined({ notNull: true }), cty.string));
  assert.ok(valueEquals(dynamicValue(cty.string, 'hi'), dynamicValue(cty.string, 'hi'), cty.dynamic));
  assert.ok(!valueEquals(dynamicValue(cty.string, '1'), dynamicValue(cty.number, n(1)), cty.dynamic));
});

test('unknowns: plain is shared, refinements normalise, wholly-known checks every level', () => {
  assert.equal(Unknown.refined({}), Unknown.plain);
  assert.equal(Unknown.refined({ lengthMin: 0, stringPrefix: '' }), Unknown.plain);
  assert.ok(Unknown.refined({ notNull: true }).isRefined);
  assert.ok(isUnknown(Unknown.refined({ notNull: true })));
  const v: CtyValue = { name: 'x', tags: ['a'], rules: [{ port: Unknown.plain, hosts: [] }], labels: null, extra: null };
  assert.equal(isWhollyKnown(v, T), false);
  assert.equal(isWhollyKnown({ ...v, rules: [] }, T), true);
  assert.equal(isWhollyKnown(dynamicValue(cty.list(cty.string), [Unknown.plain]), cty.dynamic), false);
});

test('sets dedupe known elements but never merge unknowns', () => {
  const out = dedupeSet(['a', 'b', 'a', Unknown.plain, Unknown.plain], cty.string);
  assert.deepEqual(out, ['a', 'b', Unknown.plain, Unknown.plain]);
});

test('paths: get, copy-on-write set, walk', () => {
  const v: CtyValue = { name: 'x', tags: ['a'], rules: [{ port: n(80), hosts: ['h'] }], labels: { env: 'prod' }, extra: dynamicValue(cty.object({ q: cty.bool }), { q: true }) };
  assert.equal(getAt(v, T, AttributePath.of('labels').key('env'))?.value, 'prod');
  assert.equal(getAt(v, T, AttributePath.of('rules').index(0).attr('port'))?.value?.toString(), '80');
  assert.equal(getAt(v, T, AttributePath.of('extra', 'q'))?.value, true);
  assert.equal(getAt(v, T, AttributePath.of('nope')), undefined);
  assert.equal(getAt(v, T, AttributePath.of('rules').index(5)), undefined);
  assert.deepEqual(getAt({ ...v, rules: null }, T, AttributePath.of('rules').index(0).attr('port')), { value: null, type: cty.number });
  assert.equal(getAt({ ...v, rules: Unknown.plain }, T, AttributePath.of('rules').index(0))?.value, Unknown.plain);

  const changed = setAt(v, T, AttributePath.of('rules').index(0).attr('port'), n(443));
  assert.equal(getAt(changed, T, AttributePath.of('rules').index(0).attr('port'))?.value?.toString(), '443');
  assert.equal(getAt(v, T, AttributePath.of('rules').index(0).attr('port'))?.value?.toString(), '80', 'original untouched');
  const proto = setAt(v, T, AttributePath.of('labels').key('__proto__'), 'p');
  assert.equal(Object.getPrototypeOf(proto), Object.prototype);
  assert.equal(getAt(proto, T, AttributePath.of('labels').key('__proto__'))?.value, 'p');
  assert.throws(() => setAt({ ...v, rules: null }, T, AttributePath.of('rules').index(0), null), (e: unknown) => e instanceof AttributePathError && e.path.toString() === 'rules');
  assert.throws(() => setAt(v, T, AttributePath.of('nope'), null), /no attribute "nope"/);

  const seen: string[] = [];
  walk(v, T, (p, value, t) => {
    seen.push(`${p.toString() || '<root>'}:${t.kind}`);
    return p.toString() !== 'tags';
  });
  assert.deepEqual(seen, [
    '<root>:object',
    'extra:dynamic',
    'extra:object',
    'extra.q:bool',
    'labels:map',
    'labels["env"]:string',
    'name:string',
    'rules:list',
    'rules[0]:object',
    'rules[0].hosts:set',
    'rules[0].hosts[0]:string',
    'rules[0].port:number',
    'tags:set',
  ]);
  assert.deepEqual(nullAttributes(cty.object({ b: cty.string, a: cty.bool })), { a: null, b: null });
});
