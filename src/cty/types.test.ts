import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttributePathError } from '../common/index.js';
import { cty, typeEquals, typeFromJson, typeToJson, typeToJsonString, MAX_TYPE_DEPTH } from './index.js';

test('type JSON round trips exactly as Terraform writes it', () => {
  const cases = [
    '"string"',
    '"number"',
    '"bool"',
    '"dynamic"',
    '["list","string"]',
    '["set",["object",{"a":"string","b":["list","number"]}]]',
    '["map",["list","bool"]]',
    '["object",{"a":"string","b":"number"},["b"]]',
    '["tuple",["string","number"]]',
    '["tuple",[]]',
    '["object",{}]',
    '["object",{"10":"string","9":"bool"}]',
  ];
  for (const json of cases) {
    const t = typeFromJson(Buffer.from(json));
    assert.equal(typeToJson(t).toString('utf8'), json);
    assert.ok(typeEquals(typeFromJson(json), t));
  }
});

test('object attributes are written sorted and type equality ignores attribute order', () => {
  const a = cty.object({ z: cty.string, a: cty.list(cty.number) });
  const b = cty.object({ a: cty.list(cty.number), z: cty.string });
  assert.equal(typeToJsonString(a), '["object",{"a":["list","number"],"z":"string"}]');
  assert.ok(typeEquals(a, b));
  assert.ok(!typeEquals(a, cty.object({ a: cty.list(cty.number), z: cty.bool })));
  assert.ok(!typeEquals(a, cty.object({ a: cty.list(cty.number), z: cty.string }, ['z'])));
  assert.ok(!typeEquals(cty.list(cty.string), cty.set(cty.string)));
  assert.ok(!typeEquals(cty.tuple([cty.string]), cty.tuple([cty.string, cty.string])));
});

test('malformed type JSON names what is wrong', () => {
  const deep = '['.repeat(MAX_TYPE_DEPTH + 5) + '"list",'.repeat(0) + ']'.repeat(MAX_TYPE_DEPTH + 5);
  let nested = '"string"';
  for (let i = 0; i < MAX_TYPE_DEPTH + 2; i++) nested = `["list",${nested}]`;
  const cases: [string, RegExp][] = [
    ['', /empty/],
    ['string', /not valid JSON/],
    ['"strin"', /unknown primitive type "strin"/],
    ['["list"]', /exactly one element type/],
    ['["list","string","x"]', /exactly one element type/],
    ['["tuple","string"]', /element types must be an array/],
    ['["object",["a"]]', /attribute types must be a JSON object/],
    ['["object",{"a":"string"},["b"]]', /optional attribute "b" is not one/],
    ['["object",{"a":"string"},"a"]', /optional attributes must be an array/],
    ['["frob","string"]', /unknown type kind "frob"/],
    ['[1,"string"]', /first element of a type array is its kind/],
    ['42', /a type is a string or an array, got a number/],
    ['{"a":1}', /got an object/],
    [nested, /deeper than 64/],
    [deep, /kind/],
  ];
  for (const [json, re] of cases) {
    assert.throws(
      () => typeFromJson(json),
      (e: unknown) => e instanceof AttributePathError && re.test(e.message) && /^invalid type JSON/.test(e.message),
      json,
    );
  }
});
