// Conformance: one suite that every cty wire encoding passes (msgpack and JSON), so the two
// cannot drift apart: same values back, same digits, same set semantics, same attribute rules
// and the same error paths for the same mistakes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AttributePathError } from '../common/index.js';
import { cty, CtyNumber, decodeJson, decodeMsgpack, encodeJson, encodeMsgpack, valueEquals, type CtyType, type CtyValue } from './index.js';
import { fixtures } from './test-cases.js';

interface Codec {
  readonly name: string;
  readonly carriesUnknowns: boolean;
  encode(value: CtyValue, type: CtyType): Uint8Array;
  decode(bytes: Uint8Array, type: CtyType): CtyValue;
}

const codecs: Codec[] = [
  { name: 'msgpack', carriesUnknowns: true, encode: encodeMsgpack, decode: decodeMsgpack },
  { name: 'json', carriesUnknowns: false, encode: (v, t) => Buffer.from(encodeJson(v, t)), decode: decodeJson },
];

const n = (v: string) => CtyNumber.from(v);

for (const codec of codecs) {
  describe(`cty codec conformance: ${codec.name}`, () => {
    test('round trips every fixture it can carry, and the other codec agrees on the value', () => {
      for (const f of fixtures) {
        if (!f.known && !codec.carriesUnknowns) continue;
        const back = codec.decode(codec.encode(f.value, f.type), f.type);
        assert.ok(valueEquals(back, f.value, f.type), f.name);
        if (f.known) {
          const viaOther = codecs.filter((c) => c !== codec).map((c) => c.decode(c.encode(back, f.type), f.type));
          for (const o of viaOther) assert.ok(valueEquals(o, back, f.type), `${f.name}: codecs agree`);
        }
      }
    });

    test('numbers keep every digit', () => {
      for (const text of ['0.1', '-1e-27', '-0.0000000000000000001', '12345678901234567890123456789', '1.7976931348623157e+309']) {
        assert.equal(String(codec.decode(codec.encode(n(text), cty.number), cty.number)), text);
      }
    });

    test('sets collapse duplicates and ignore order', () => {
      const t = cty.set(cty.object({ a: cty.number }));
      const back = codec.decode(codec.encode([{ a: n('1') }, { a: n('1.0') }, { a: n('2') }], t), t) as CtyValue[];
      assert.equal(back.length, 2);
      assert.ok(valueEquals(back, [{ a: n('2') }, { a: n('1') }], t));
    });

    test('the encoder names the path of a value that does not fit', () => {
      const t = cty.object({ rules: cty.list(cty.object({ port: cty.number })) });
      assert.throws(
        () => codec.encode({ rules: [{ port: n('1') }, { port: 'x' }] }, t),
        (e: unknown) => e instanceof AttributePathError && e.path.toString() === 'rules[1].port' && /expected a number/.test(e.message),
      );
      assert.throws(
        () => codec.encode({ rules: [{ port: null, host: 'h' }] } as CtyValue, t),
        (e: unknown) => e instanceof AttributePathError && e.path.toString() === 'rules[0].host' && /unsupported attribute "host"/.test(e.message),
      );
    });

    test('the decoder names an attribute the type does not have', () => {
      const wide = cty.object({ a: cty.string, b: cty.string });
      const narrow = cty.object({ a: cty.string });
      assert.throws(
        () => codec.decode(codec.encode({ a: 'x', b: 'y' }, wide), narrow),
        (e: unknown) => e instanceof AttributePathError && e.path.toString() === 'b' && /unsupported attribute "b"/.test(e.message),
      );
    });
  });
}
