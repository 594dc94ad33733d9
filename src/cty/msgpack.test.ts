import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttributePathError } from '../common/index.js';
import {
  cty,
  CtyNumber,
  decodeMsgpack,
  dynamicValue,
  encodeMsgpack,
  Unknown,
  valueEquals,
  type CtyType,
  type CtyValue,
} from './index.js';
import { fixtures } from './test-cases.js';
import { mulberry32 } from '../testing/seeded-random.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex').replace(/(..)/g, '$1 ').trim();
const n = (v: number | string | bigint) => CtyNumber.from(v);

const observedType = cty.object({ id: cty.string, n: cty.number, name: cty.string, tags: cty.map(cty.string) });

/** Every golden vector: encode gives exactly these bytes, decode gives back the value. */
const golden: { name: string; type: CtyType; value: CtyValue; bytes: string }[] = [
  {
    name: 'observed request (schema id/n/name/tags)',
    type: observedType,
    value: { id: null, n: n(1.5), name: 'hello', tags: { k: 'v' } },
    bytes: '84 a2 69 64 c0 a1 6e cb 3f f8 00 00 00 00 00 00 a4 6e 61 6d 65 a5 68 65 6c 6c 6f a4 74 61 67 73 81 a1 6b a1 76',
  },
  {
    name: 'planned state with id unknown',
    type: observedType,
    value: { id: Unknown.plain, n: n(1.5), name: 'hello', tags: { k: 'v' } },
    bytes: '84 a2 69 64 d4 00 00 a1 6e cb 3f f8 00 00 00 00 00 00 a4 6e 61 6d 65 a5 68 65 6c 6c 6f a4 74 61 67 73 81 a1 6b a1 76',
  },
  { name: 'unknown, not null', type: cty.string, value: Unknown.refined({ notNull: true }), bytes: 'c7 03 0c 81 01 c2' },
  {
    name: 'unknown string starting with "ab", not null',
    type: cty.string,
    value: Unknown.refined({ notNull: true, stringPrefix: 'ab' }),
    bytes: 'c7 07 0c 82 01 c2 02 a2 61 62',
  },
  { name: 'number 1', type: cty.number, value: n(1), bytes: '01' },
  { name: 'number 300', type: cty.number, value: n(300), bytes: 'cd 01 2c' },
  { name: 'number -1', type: cty.number, value: n(-1), bytes: 'ff' },
  { name: 'number 1.5', type: cty.number, value: n(1.5), bytes: 'cb 3f f8 00 00 00 00 00 00' },
  { name: 'number 0.1 as decimal string', type: cty.number, value: n('0.1'), bytes: 'a3 30 2e 31' },
  {
    name: 'number 12345678901234567890 as decimal string',
    type: cty.number,
    value: n('12345678901234567890'),
    bytes: 'b4' + Buffer.from('12345678901234567890').toString('hex'),
  },
  { name: 'number +Infinity', type: cty.number, value: n(Infinity), bytes: 'cb 7f f0 00 00 00 00 00 00' },
  { name: 'number -Infinity', type: cty.number, value: n(-Infinity), bytes: 'cb ff f0 00 00 00 00 00 00' },
  { name: 'dynamic string "hi"', type: cty.dynamic, value: dynamicValue(cty.string, 'hi'), bytes: '92 c4 08 22 73 74 72 69 6e 67 22 a2 68 69' },
  { name: 'null', type: cty.list(cty.string), value: null, bytes: 'c0' },
  { name: 'bools', type: cty.tuple([cty.bool, cty.bool]), value: [false, true], bytes: '92 c2 c3' },
  { name: 'wholly unknown dynamic', type: cty.dynamic, value: Unknown.plain, bytes: 'd4 00 00' },
];

test('golden vectors: encode byte-exact, decode to the same value', () => {
  for (const g of golden) {
    assert.equal(toHex(encodeMsgpack(g.value, g.type)), toHex(hex(g.bytes)), `encode ${g.name}`);
    const decoded = decodeMsgpack(hex(g.bytes), g.type);
    assert.ok(valueEquals(decoded, g.value, g.type), `decode ${g.name}`);
  }
});

test('numbers: every wire form decodes, and big or fractional numbers keep every digit', () => {
  const forms: [string, string][] = [
    ['d0 85', '-123'], // int8
    ['d1 80 00', '-32768'], // int16
    ['ce ff ff ff ff', '4294967295'], // uint32
    ['cf ff ff ff ff ff ff ff ff', '18446744073709551615'], // uint64 above int64
    ['d3 80 00 00 00 00 00 00 00', '-9223372036854775808'], // int64 min
    ['cf 00 20 00 00 00 00 00 01', '9007199254740993'], // 2^53+1: a float64 would say ...992
    ['ca 3f c0 00 00', '1.5'], // float32
    ['cb 43 f0 00 00 00 00 00 00', '18446744073709551616'], // float64 2^64, exactly
    ['cb 3f b9 99 99 99 99 99 9a', '0.1000000000000000055511151231257827021181583404541015625'], // a float is its binary value
    ['a5 31 2e 35 30 30', '1.5'], // "1.500"
  ];
  for (const [bytes, text] of forms) assert.equal((decodeMsgpack(hex(bytes), cty.number) as CtyNumber).toString(), text, bytes);
  for (const text of ['0.1', '12345678901234567890', '-98765432109876543210.123456789', '1e+400', '3.141592653589793238462643383279', '9007199254740993']) {
    const back = decodeMsgpack(encodeMsgpack(n(text), cty.number), cty.number) as CtyNumber;
    assert.equal(back.toString(), text);
  }
  // 2^60 is an exact int64: a 64-bit int (the library writes positive ones as uint64), not a float
  assert.equal(toHex(encodeMsgpack(n(2n ** 60n), cty.number)), 'cf 10 00 00 00 00 00 00 00');
  assert.equal(toHex(encodeMsgpack(n(-(2n ** 60n)), cty.number)), 'd3 f0 00 00 00 00 00 00 00');
  // a float on the wire goes back out as the same float
  assert.equal(toHex(encodeMsgpack(decodeMsgpack(hex('cb 43 f0 00 00 00 00 00 00'), cty.number), cty.number)), 'cb 43 f0 00 00 00 00 00 00');
  assert.equal(toHex(encodeMsgpack(decodeMsgpack(hex('cb 3f b9 99 99 99 99 99 9a'), cty.number), cty.number)), 'cb 3f b9 99 99 99 99 99 9a');
  // JS numbers and bigints are accepted by the encoder
  assert.equal(toHex(encodeMsgpack(300 as unknown as CtyValue, cty.number)), 'cd 01 2c');
});

test('unknowns: any extension code is unknown; refinements read and written exactly', () => {
  assert.equal(decodeMsgpack(hex('d4 05 00'), cty.string), Unknown.plain);
  assert.equal(decodeMsgpack(hex('d6 ff 00 00 00 01'), cty.string), Unknown.plain, 'timestamp ext is just unknown');
  assert.equal(decodeMsgpack(hex('d4 0c 00'), cty.string), Unknown.plain, 'ext 12 of length 1 is plain');
  assert.equal(String(decodeMsgpack(hex('c7 04 0c 81 01 c2 c0'), cty.string)), 'unknown(!null)', 'bytes after the refinement map are ignored');
  assert.equal(decodeMsgpack(hex('c7 03 0c 81 01 c2'), cty.dynamic), Unknown.plain, 'a dynamic unknown carries no refinements');
  assert.equal(toHex(encodeMsgpack(Unknown.refined({ notNull: true }), cty.dynamic)), 'd4 00 00');
  assert.equal(String(decodeMsgpack(hex('c7 05 0c 82 01 c2 09 c3'), cty.string)), 'unknown(!null)', 'unknown refinement key ignored');
  const refined: [CtyType, Unknown][] = [
    [cty.number, Unknown.refined({ notNull: true, numberLower: { value: n(0), inclusive: true }, numberUpper: { value: n('0.1'), inclusive: false } })],
    [cty.list(cty.string), Unknown.refined({ lengthMin: 1, lengthMax: 3 })],
    [cty.set(cty.number), Unknown.refined({ lengthMax: 0 })],
    [cty.map(cty.bool), Unknown.refined({ notNull: true, lengthMin: 2 })],
    [cty.object({ a: cty.string }), Unknown.refined({ notNull: true })],
  ];
  for (const [t, u] of refined) {
    const bytes = encodeMsgpack(u, t);
    assert.equal(bytes[0], 0xc7);
    assert.equal(bytes[2], 0x0c);
    const back = decodeMsgpack(bytes, t);
    assert.ok(back instanceof Unknown && back.equals(u), `${u.key()} came back as ${String(back)}`);
  }
  assert.equal(toHex(encodeMsgpack(Unknown.refined({ numberLower: { value: n(1), inclusive: true } }), cty.number)), 'c7 05 0c 81 03 92 01 c3');
  // refinements that do not apply to the type are not written; with none left, the plain form
  assert.equal(toHex(encodeMsgpack(Unknown.refined({ stringPrefix: 'x' }), cty.number)), 'd4 00 00');
  // a very long prefix is shortened so the payload stays under the decoder's limit
  const long = encodeMsgpack(Unknown.refined({ stringPrefix: 'é'.repeat(2000) }), cty.string);
  assert.ok(long.byteLength < 300);
  assert.ok((decodeMsgpack(long, cty.string) as Unknown).refinements.stringPrefix!.startsWith('éé'));
});

test('round trips of every type, with null and unknown at every level', () => {
  for (const f of fixtures) {
    const bytes = encodeMsgpack(f.value, f.type);
    const back = decodeMsgpack(bytes, f.type);
    assert.ok(valueEquals(back, f.value, f.type), f.name);
    assert.equal(toHex(encodeMsgpack(back, f.type)), toHex(bytes), `${f.name}: stable bytes`);
  }
});

test('a dynamic value\'s type JSON may arrive as str instead of bin', () => {
  const v = decodeMsgpack(hex('92 a8 22 73 74 72 69 6e 67 22 a2 68 69'), cty.dynamic);
  assert.ok(valueEquals(v, dynamicValue(cty.string, 'hi'), cty.dynamic));
  const nested = decodeMsgpack(encodeMsgpack({ d: dynamicValue(cty.map(cty.number), { a: n('0.1') }) }, cty.object({ d: cty.dynamic })), cty.object({ d: cty.dynamic }));
  assert.equal(String(((nested as { d: { value: Record<string, CtyValue> } }).d.value).a), '0.1');
});

test('sets collapse duplicates on decode and encode', () => {
  const t = cty.set(cty.string);
  assert.deepEqual(decodeMsgpack(hex('93 a1 61 a1 62 a1 61'), t), ['a', 'b']);
  assert.equal(toHex(encodeMsgpack(['a', 'a'], t)), '91 a1 61');
  const tn = cty.set(cty.number);
  assert.deepEqual((decodeMsgpack(hex('92 01 a3 31 2e 30'), tn) as CtyNumber[]).map(String), ['1']);
});

const deepDynamic = (() => {
  const ty = Buffer.from('"dynamic"');
  const head = Buffer.concat([hex('92 c4 09'), ty]);
  return Buffer.concat([...Array.from({ length: 300 }, () => head), hex('c0')]);
})();

/** Malformed inputs: [name, type, hex, path, message pattern]. */
const malformed: [string, CtyType, string | Buffer, string, RegExp][] = [
  ['truncated object', observedType, '84 a2 69', '', /malformed msgpack/],
  ['truncated float', cty.number, 'cb 3f f8', '', /malformed msgpack/],
  ['empty input', cty.string, '', '', /malformed msgpack/],
  ['trailing bytes', cty.string, 'a1 61 c0', '', /malformed msgpack.*[Ee]xtra/],
  ['string expected', cty.string, '01', '', /expected a string, got the number 1/],
  ['bool expected', cty.bool, 'a1 61', '', /expected a bool, got the string "a"/],
  ['number expected', cty.number, 'c3', '', /expected a number, got the bool true/],
  ['bad decimal string', cty.number, 'a3 61 62 63', '', /must be a decimal, got the string "abc"/],
  ['missing attribute', observedType, '83 a2 69 64 c0 a1 6e c0 a4 6e 61 6d 65 c0', '', /an object with 4 attributes is required \(3 given\)/],
  ['unknown attribute', observedType, '84 a2 69 64 c0 a1 6e c0 a4 6e 61 6d 65 c0 a1 78 c0', 'x', /unsupported attribute "x"/],
  ['nested wrong kind', observedType, '84 a2 69 64 c0 a1 6e c0 a4 6e 61 6d 65 c0 a4 74 61 67 73 81 a1 6b 01', 'tags["k"]', /expected a string/],
  ['list element', cty.list(cty.string), '92 a1 61 01', '[1]', /expected a string/],
  ['list expected', cty.list(cty.string), '81 a1 61 a1 62', '', /expected a list/],
  ['object expected', observedType, '90', '', /expected an object, got an array of 0/],
  ['tuple length', cty.tuple([cty.string, cty.bool]), '91 a1 61', '', /a tuple of 2 elements is required \(1 given\)/],
  ['dynamic shape', cty.dynamic, '91 c0', '', /\[type JSON, value\]/],
  ['dynamic bad type JSON', cty.dynamic, '92 c4 03 22 78 22 c0', '', /invalid type JSON: unknown primitive type "x"/],
  ['dynamic type not bytes', cty.dynamic, '92 01 c0', '', /type must be JSON in bin or str/],
  ['dynamic inner mismatch', cty.list(cty.dynamic), '91 92 c4 08 22 73 74 72 69 6e 67 22 01', '[0]', /expected a string/],
  ['oversize refinements', cty.string, Buffer.concat([hex('c8 04 01 0c'), Buffer.alloc(1025, 0xc0)]), '', /refinements are too large \(1025 bytes; at most 1024\)/],
  ['refinements not a map', cty.string, 'd5 0c 91 c0', '', /refinements must be a map/],
  ['malformed refinements', cty.string, 'd5 0c 82 01', '', /malformed unknown value refinements/],
  ['prefix on a number', cty.number, 'c7 04 0c 81 02 a1 61', '', /string prefix is only valid for a string/],
  ['bad nullness', cty.string, 'c7 03 0c 81 01 01', '', /nullness must be a bool/],
  ['bad length bound', cty.list(cty.string), 'c7 03 0c 81 05 ff', '', /length lower bound must be a non-negative integer/],
  ['huge array header', cty.list(cty.string), 'dd ff ff ff ff', '', /malformed msgpack/],
  ['huge string header', cty.string, 'db ff ff ff ff 61', '', /malformed msgpack/],
  ['deep nesting', cty.dynamic, deepDynamic, '', /nests deeper than 256 levels/],
  ['NaN number', cty.number, 'cb 7f f8 00 00 00 00 00 00', '', /NaN is not a number value/],
  ['int map key in object', observedType, '81 01 c0', '1', /unsupported attribute "1"/],
];

test('malformed input becomes an AttributePathError naming the path and the problem', () => {
  for (const [name, type, input, path, re] of malformed) {
    const bytes = typeof input === 'string' ? hex(input) : input;
    assert.throws(
      () => decodeMsgpack(bytes, type),
      (e: unknown) => {
        assert.ok(e instanceof AttributePathError, `${name}: got ${String(e)}`);
        assert.equal(e.path.toString(), path, name);
        assert.match(e.message, re, name);
        return true;
      },
    );
  }
});

test('the encoder refuses values that do not fit the type, naming the path', () => {
  const cases: [CtyType, unknown, string, RegExp][] = [
    [observedType, { id: 1 }, 'id', /expected a string, got the number 1/],
    [observedType, { nope: 'x' }, 'nope', /unsupported attribute "nope"/],
    [cty.list(cty.number), [n(1), 'x'], '[1]', /expected a number/],
    [cty.dynamic, 'x', '', /must be a DynamicValue/],
    [cty.tuple([cty.string]), [], '', /a tuple of 1 elements is required/],
    [cty.map(cty.bool), ['x'], '', /expected a map/],
  ];
  for (const [t, v, path, re] of cases) {
    assert.throws(
      () => encodeMsgpack(v as CtyValue, t),
      (e: unknown) => e instanceof AttributePathError && e.path.toString() === path && re.test(e.message),
      String(re),
    );
  }
});


test('mutation fuzz: flipped, inserted, dropped and truncated bytes give a value or a path error', () => {
  const rand = mulberry32(20240611);
  const seeds = [...fixtures.map((f) => ({ type: f.type, bytes: encodeMsgpack(f.value, f.type) })), ...golden.map((g) => ({ type: g.type, bytes: hex(g.bytes) }))];
  const started = Date.now();
  let values = 0;
  let errors = 0;
  for (let i = 0; i < 4000; i++) {
    const seed = seeds[i % seeds.length]!;
    const b = Buffer.from(seed.bytes);
    let mutated: Buffer;
    const op = Math.floor(rand() * 4);
    const at = Math.floor(rand() * Math.max(1, b.length));
    if (op === 0) {
      b[at] = Math.floor(rand() * 256);
      mutated = b;
    } else if (op === 1) mutated = Buffer.concat([b.subarray(0, at), Buffer.of(Math.floor(rand() * 256)), b.subarray(at)]);
    else if (op === 2) mutated = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
    else mutated = b.subarray(0, at);
    try {
      decodeMsgpack(mutated, seed.type);
      values++;
    } catch (e) {
      if (!(e instanceof AttributePathError)) assert.fail(`input ${mutated.toString('hex')} threw ${String(e)}`);
      errors++;
    }
  }
  assert.ok(values > 0 && errors > 0, `both outcomes occur (values ${values}, errors ${errors})`);
  assert.ok(Date.now() - started < 20_000, 'fuzz loop stays fast');
});
