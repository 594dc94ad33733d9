import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttributePathError } from '../common/index.js';
import {
  cty,
  CtyNumber,
  decodeJson,
  decodeMsgpack,
  dynamicValue,
  encodeJson,
  encodeMsgpack,
  Unknown,
  upgradeJsonState,
  valueEquals,
  type CtyType,
  type CtyValue,
} from './index.js';
import { fixtures, resourceType } from './test-cases.js';

const n = (v: number | string) => CtyNumber.from(v);
const observedType = cty.object({ id: cty.string, n: cty.number, name: cty.string, tags: cty.map(cty.string) });

test('the observed raw state decodes and encodes byte-exact', () => {
  const raw = '{"id":"id-hello","n":1.5,"name":"hello","tags":{"k":"v"}}';
  const v = decodeJson(Buffer.from(raw), observedType);
  assert.ok(valueEquals(v, { id: 'id-hello', n: n(1.5), name: 'hello', tags: { k: 'v' } }, observedType));
  assert.equal(encodeJson(v, observedType), raw);
});

test('numbers keep every digit through JSON, and JSON ↔ msgpack agree', () => {
  for (const text of ['0.1', '12345678901234567890', '-98765432109876543210.123456789', '1e+400', '1e-400', '9007199254740993']) {
    const v = decodeJson(text, cty.number) as CtyNumber;
    assert.equal(v.toString(), text);
    assert.equal(encodeJson(v, cty.number), text);
    const viaMsgpack = decodeMsgpack(encodeMsgpack(v, cty.number), cty.number) as CtyNumber;
    assert.equal(viaMsgpack.toString(), text);
  }
  assert.equal(String(decodeJson('1.50E+2', cty.number)), '150');
  assert.equal(String(decodeJson('"0.1"', cty.number)), '0.1');
});

test('dynamic values are {"value","type"}; missing attributes are null; primitives convert like cty', () => {
  const d = dynamicValue(cty.list(cty.number), [n(1), n('2.5')]);
  assert.equal(encodeJson(d, cty.dynamic), '{"value":[1,2.5],"type":["list","number"]}');
  assert.ok(valueEquals(decodeJson('{"type":["list","number"],"value":[1,2.5]}', cty.dynamic), d, cty.dynamic));
  assert.deepEqual(decodeJson('{"name":"x"}', observedType), { id: null, n: null, name: 'x', tags: null });
  assert.equal(decodeJson('12', cty.string), '12');
  assert.equal(decodeJson('true', cty.string), 'true');
  assert.equal(decodeJson('"false"', cty.bool), false);
  assert.deepEqual(decodeJson('{"__proto__":"p"}', cty.map(cty.string)), JSON.parse('{"__proto__":"p"}'));
});

test('round trips of every wholly known type; unknowns are refused by the encoder', () => {
  for (const f of fixtures) {
    if (!f.known) {
      assert.throws(() => encodeJson(f.value, f.type), (e: unknown) => e instanceof AttributePathError && /unknown value cannot be written as JSON/.test(e.message), f.name);
      continue;
    }
    const text = encodeJson(f.value, f.type);
    const back = decodeJson(text, f.type);
    assert.ok(valueEquals(back, f.value, f.type), f.name);
    assert.equal(encodeJson(back, f.type), text, `${f.name}: stable text`);
  }
  assert.throws(() => encodeJson(n(Infinity), cty.number), /Infinity cannot be written as JSON/);
  assert.throws(() => encodeJson({ a: Unknown.plain }, cty.map(cty.string)), (e: unknown) => e instanceof AttributePathError && e.path.toString() === '["a"]');
});

const malformed: [string, CtyType, string, string, RegExp][] = [
  ['truncated', observedType, '{"id":"x"', '', /malformed JSON at offset 9: expected "," or "}"/],
  ['empty', cty.string, '', '', /unexpected end of input/],
  ['trailing data', cty.string, '"a" x', '', /unexpected data after the JSON value/],
  ['unknown attribute', observedType, '{"id":"x","nope":1}', 'nope', /unsupported attribute "nope"/],
  ['wrong kind nested', observedType, '{"tags":{"k":[1]}}', 'tags["k"]', /expected a string, got an array of 1/],
  ['number string', cty.number, '"abc"', '', /must be a decimal, got the string "abc"/],
  ['number kind', cty.list(cty.number), '[1,{}]', '[1]', /expected a number, got a JSON object/],
  ['tuple length', cty.tuple([cty.string]), '["a","b"]', '', /a tuple of 1 elements is required \(2 given\)/],
  ['bad dynamic key', cty.dynamic, '{"value":1,"type":"number","x":1}', '', /only "value" and "type"/],
  ['dynamic without type', cty.dynamic, '{"value":1}', '', /needs its "type"/],
  ['dynamic bad type', cty.dynamic, '{"value":1,"type":"nmber"}', '', /invalid type JSON: unknown primitive type "nmber"/],
  ['bad escape', cty.string, '"\\x"', '', /invalid string/],
  ['duplicate property', observedType, '{"id":"a","id":"b"}', '', /duplicate property "id"/],
  ['deep nesting', cty.list(cty.string), '['.repeat(100000), '', /nested deeper than/],
  ['leading zero', cty.number, '01', '', /unexpected data/],
  ['bare word', cty.bool, 'yes', '', /unexpected token/],
];

test('malformed JSON becomes an AttributePathError naming the path and the problem', () => {
  for (const [name, type, input, path, re] of malformed) {
    assert.throws(
      () => decodeJson(input, type),
      (e: unknown) => {
        assert.ok(e instanceof AttributePathError, `${name}: got ${String(e)}`);
        assert.equal(e.path.toString(), path, name);
        assert.match(e.message, re, name);
        return true;
      },
    );
  }
});

test('UpgradeResourceState: removed attributes are dropped and reported, new ones are null', () => {
  const current = cty.object({
    id: cty.string,
    name: cty.string,
    added: cty.bool,
    config: cty.object({ model: cty.string, fresh: cty.list(cty.string) }),
    rules: cty.list(cty.object({ port: cty.number })),
  });
  const raw = '{"id":"1","name":"n","legacy":"x","config":{"model":"m","old_knob":3},"rules":[{"port":80,"proto":"tcp"}]}';
  const { value, dropped } = upgradeJsonState(Buffer.from(raw), current);
  assert.deepEqual(dropped.map(String), ['legacy', 'config.old_knob', 'rules[0].proto']);
  assert.ok(
    valueEquals(value, { id: '1', name: 'n', added: null, config: { model: 'm', fresh: null }, rules: [{ port: n(80) }] }, current),
  );
  assert.throws(() => upgradeJsonState('{"id":5,"name":[]}', current), (e: unknown) => e instanceof AttributePathError && e.path.toString() === 'name');
  const whole = upgradeJsonState(encodeJson(fixtures.find((f) => f.name === 'resource, everything set')!.value, resourceType), resourceType);
  assert.deepEqual(whole.dropped, []);
});

test('JSON mutation fuzz: random edits give a value or a path error, nothing else', () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
  const samples = fixtures.filter((f) => f.known).map((f) => ({ type: f.type, text: encodeJson(f.value as CtyValue, f.type) }));
  const alphabet = '{}[]",:0123456789.eE+-tfnul\\ ax';
  for (let i = 0; i < 3000; i++) {
    const s = samples[i % samples.length]!;
    const at = Math.floor(rand() * s.text.length);
    const ch = alphabet[Math.floor(rand() * alphabet.length)]!;
    const op = Math.floor(rand() * 3);
    const text = op === 0 ? s.text.slice(0, at) + ch + s.text.slice(at + 1) : op === 1 ? s.text.slice(0, at) : s.text.slice(0, at) + s.text.slice(at + 1);
    try {
      decodeJson(text, s.type);
    } catch (e) {
      if (!(e instanceof AttributePathError)) assert.fail(`${JSON.stringify(text)} threw ${String(e)}`);
    }
  }
});
