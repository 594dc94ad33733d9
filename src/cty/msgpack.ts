// cty values ↔ MessagePack, as Terraform's DynamicValue.msgpack carries them (digest §2.3).
// @msgpack/msgpack does the byte-level work; this file maps its generic tree to and from cty
// values against a type. Decoding: any extension code is an unknown (code 12 carries
// refinements), numbers arrive as int, uint, float or decimal string, objects must carry every
// attribute. Encoding: objects with sorted keys (UTF-16 order, as the library sorts; the order
// is not contractual) and every attribute, unknowns as `d4 00 00` or ext 12 with ≥1 refinement,
// numbers as compact int (exact int64), float64 (exactly representable) or decimal string.
import { Encoder, ExtData } from '@msgpack/msgpack';
import { AttributePath, AttributePathError } from '../common/index.js';
import { typeFromJson, typeToJson } from './type-json.js';
import { attributeNames, type CtyType } from './types.js';
import { refinedUnknownToExt, unknownFromExt } from './msgpack-refinements.js';
import { decoderFor, isRawMap, numberFromRaw, numberToRaw, RawExt } from './msgpack-raw.js';
import { Unknown } from './unknown.js';
import { dedupeSet, DynamicValue, setOwn, uniqueIndexes, type CtyValue } from './value.js';
import { describeRaw, encodeAttributes, MAX_VALUE_DEPTH, numberFromHost, tooDeep } from './wire-common.js';

function fail(path: AttributePath, reason: string): never {
  throw new AttributePathError(path, reason);
}

/** Decodes DynamicValue.msgpack bytes against a type. Throws AttributePathError for anything malformed. */
export function decodeMsgpack(bytes: Uint8Array, type: CtyType): CtyValue {
  let raw: unknown;
  try {
    raw = decoderFor(bytes).decode(bytes);
  } catch (e) {
    fail(AttributePath.root, `malformed msgpack: ${e instanceof Error ? e.message : String(e)}`);
  }
  return fromRaw(raw, type, AttributePath.root, 0);
}

function fromRaw(raw: unknown, type: CtyType, path: AttributePath, depth: number): CtyValue {
  if (depth > MAX_VALUE_DEPTH) tooDeep(path);
  if (raw === null) return null;
  if (raw instanceof RawExt) return unknownFromExt(raw.code, raw.data, type, path);
  if (raw instanceof ExtData) return unknownFromExt(raw.type, raw.data instanceof Uint8Array ? raw.data : new Uint8Array(0), type, path);
  switch (type.kind) {
    case 'string':
      if (typeof raw !== 'string') fail(path, `expected a string, got ${describeRaw(raw)}`);
      return raw;
    case 'bool':
      if (typeof raw !== 'boolean') fail(path, `expected a bool, got ${describeRaw(raw)}`);
      return raw;
    case 'number':
      return numberFromRaw(raw, path);
    case 'list':
    case 'set': {
      if (!Array.isArray(raw)) fail(path, `expected a ${type.kind} (msgpack array), got ${describeRaw(raw)}`);
      const out = raw.map((e, i) => fromRaw(e, type.element, path.index(i), depth + 1));
      return type.kind === 'set' ? dedupeSet(out, type.element) : out;
    }
    case 'tuple': {
      if (!Array.isArray(raw)) fail(path, `expected a tuple (msgpack array), got ${describeRaw(raw)}`);
      if (raw.length !== type.elements.length) fail(path, `a tuple of ${type.elements.length} elements is required (${raw.length} given)`);
      return raw.map((e, i) => fromRaw(e, type.elements[i]!, path.index(i), depth + 1));
    }
    case 'map': {
      if (!isRawMap(raw)) fail(path, `expected a map, got ${describeRaw(raw)}`);
      const out: Record<string, CtyValue> = {};
      for (const k of Object.keys(raw)) setOwn(out, k, fromRaw(raw[k], type.element, path.key(k), depth + 1));
      return out;
    }
    case 'object': {
      if (!isRawMap(raw)) fail(path, `expected an object, got ${describeRaw(raw)}`);
      const names = attributeNames(type);
      const keys = Object.keys(raw);
      for (const k of keys) if (!Object.hasOwn(type.attributes, k)) fail(path.attr(k), `unsupported attribute "${k}"`);
      if (keys.length !== names.length) fail(path, `an object with ${names.length} attributes is required (${keys.length} given)`);
      const out: Record<string, CtyValue> = {};
      for (const n of names) setOwn(out, n, fromRaw(raw[n], type.attributes[n]!, path.attr(n), depth + 1));
      return out;
    }
    case 'dynamic': {
      if (!Array.isArray(raw) || raw.length !== 2) fail(path, `expected a dynamic value as [type JSON, value], got ${describeRaw(raw)}`);
      const [typeJson, inner] = raw as [unknown, unknown];
      if (!(typeJson instanceof Uint8Array) && typeof typeJson !== 'string') {
        fail(path, `a dynamic value's type must be JSON in bin or str, got ${describeRaw(typeJson)}`);
      }
      let concrete: CtyType;
      try {
        concrete = typeFromJson(typeJson);
      } catch (e) {
        fail(path, e instanceof AttributePathError ? e.reason : String(e));
      }
      return new DynamicValue(concrete, fromRaw(inner, concrete, path, depth + 1));
    }
  }
}

// ---- encoding ----

const encoder = new Encoder({ useBigInt64: true, sortKeys: true, maxDepth: MAX_VALUE_DEPTH * 2 + 8 });

/** Encodes a value of a type as msgpack. Throws AttributePathError when the value does not fit the type. */
export function encodeMsgpack(value: CtyValue, type: CtyType): Uint8Array {
  const tree = toRaw(value, type, AttributePath.root, 0);
  return encoder.encode(tree);
}

function toRaw(value: CtyValue | undefined, type: CtyType, path: AttributePath, depth: number): unknown {
  if (depth > MAX_VALUE_DEPTH) tooDeep(path);
  if (value === null || value === undefined) return null;
  if (value instanceof Unknown) return refinedUnknownToExt(value, type);
  switch (type.kind) {
    case 'string':
      if (typeof value !== 'string') fail(path, `expected a string, got ${describeRaw(value)}`);
      return value;
    case 'bool':
      if (typeof value !== 'boolean') fail(path, `expected a bool, got ${describeRaw(value)}`);
      return value;
    case 'number':
      return numberToRaw(numberFromHost(value, path));
    case 'list':
    case 'set':
    case 'tuple': {
      if (!Array.isArray(value)) fail(path, `expected a ${type.kind} (array), got ${describeRaw(value)}`);
      const arr = value as readonly CtyValue[];
      if (type.kind === 'tuple') {
        if (arr.length !== type.elements.length) fail(path, `a tuple of ${type.elements.length} elements is required (${arr.length} given)`);
        return arr.map((e, i) => toRaw(e, type.elements[i]!, path.index(i), depth + 1));
      }
      const raws = arr.map((e, i) => toRaw(e, type.element, path.index(i), depth + 1));
      return type.kind === 'set' && arr.length > 1 ? uniqueIndexes(arr, type.element).map((i) => raws[i]) : raws;
    }
    case 'map':
    case 'object':
      return encodeAttributes(value, type, path, (v, t, p) => toRaw(v, t, p, depth + 1));
    case 'dynamic': {
      if (!(value instanceof DynamicValue)) fail(path, `a dynamic value must be a DynamicValue {type, value}, got ${describeRaw(value)}`);
      return [typeToJson(value.type), toRaw(value.value, value.type, path, depth + 1)];
    }
  }
}
