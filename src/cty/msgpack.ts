// cty values ↔ MessagePack, as Terraform's DynamicValue.msgpack carries them (digest §2.3).
// @msgpack/msgpack does the byte-level work; this file maps its generic tree to and from cty
// values against a type. Decoding: any extension code is an unknown (code 12 carries
// refinements), numbers arrive as int, uint, float or decimal string, objects must carry every
// attribute. Encoding: objects with sorted keys (UTF-16 order, as the library sorts; the order
// is not contractual) and every attribute, unknowns as `d4 00 00` or ext 12 with ≥1 refinement,
// numbers as compact int (exact int64), float64 (exactly representable) or decimal string.
import { Decoder, Encoder, ExtData, ExtensionCodec } from '@msgpack/msgpack';
import { AttributePath, AttributePathError } from '../common/index.js';
import { CtyNumber } from './number.js';
import { typeFromJson, typeToJson } from './type-json.js';
import { attributeNames, isCollection, type CtyType } from './types.js';
import { Unknown, type NumberBound, type Refinements } from './unknown.js';
import { dedupeSet, DynamicValue, setOwn, uniqueIndexes, type CtyValue } from './value.js';
import { describeRaw, encodeAttributes, MAX_VALUE_DEPTH, numberFromHost, tooDeep } from './wire-common.js';

/** Refinement payloads longer than this are refused, as cty does. */
export const MAX_REFINEMENT_PAYLOAD = 1024;

const EXT_UNKNOWN = 0;
const EXT_REFINED = 12;
const REFINE_NULLNESS = 1;
const REFINE_PREFIX = 2;
const REFINE_LOWER = 3;
const REFINE_UPPER = 4;
const REFINE_LEN_MIN = 5;
const REFINE_LEN_MAX = 6;

/** An extension value seen while decoding; every one of them is an unknown. */
class RawExt {
  constructor(
    readonly code: number,
    readonly data: Uint8Array,
  ) {}
}

const extensionCodec = new ExtensionCodec();
for (const type of [EXT_UNKNOWN, EXT_REFINED]) {
  extensionCodec.register({ type, encode: () => null, decode: (data, code) => new RawExt(code, data) });
}
// The library pre-registers the msgpack timestamp (ext -1); for cty it is just another unknown.
extensionCodec.register({ type: -1, encode: () => null, decode: (data, code) => new RawExt(code, data) });

function decoderFor(bytes: Uint8Array): Decoder<undefined> {
  // Every element takes at least one byte, so no length header may claim more than the input.
  const n = bytes.byteLength;
  return new Decoder({ extensionCodec, useBigInt64: true, maxStrLength: n, maxBinLength: n, maxArrayLength: n, maxMapLength: n, maxExtLength: n });
}

function fail(path: AttributePath, reason: string): never {
  throw new AttributePathError(path, reason);
}

function isRawMap(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && !(raw instanceof Uint8Array) && !(raw instanceof RawExt) && !(raw instanceof ExtData);
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

function numberFromRaw(raw: unknown, path: AttributePath): CtyNumber {
  if (typeof raw === 'number' || typeof raw === 'bigint') {
    if (typeof raw === 'number' && Number.isNaN(raw)) fail(path, 'NaN is not a number value');
    return CtyNumber.from(raw);
  }
  if (typeof raw === 'string') {
    const n = CtyNumber.parse(raw);
    if (!n) fail(path, `a number sent as a string must be a decimal, got ${describeRaw(raw)}`);
    return n;
  }
  return fail(path, `expected a number, got ${describeRaw(raw)}`);
}

function unknownFromExt(code: number, data: Uint8Array, type: CtyType, path: AttributePath): Unknown {
  if (code !== EXT_REFINED || data.byteLength <= 1) return Unknown.plain;
  if (data.byteLength > MAX_REFINEMENT_PAYLOAD) {
    fail(path, `unknown value refinements are too large (${data.byteLength} bytes; at most ${MAX_REFINEMENT_PAYLOAD})`);
  }
  let payload: unknown;
  try {
    // Only the first item counts: cty ignores bytes after the map (room for future padding).
    payload = decoderFor(data).decodeMulti(data).next().value;
  } catch (e) {
    fail(path, `malformed unknown value refinements: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isRawMap(payload)) fail(path, `unknown value refinements must be a map, got ${describeRaw(payload)}`);
  if (type.kind === 'dynamic') return Unknown.plain; // cty ignores refinements of a wholly unknown dynamic value
  const bad = (what: string): never => fail(path, `invalid unknown value refinements: ${what}`);
  const r: { -readonly [K in keyof Refinements]: Refinements[K] } = {};
  for (const key of Object.keys(payload)) {
    const v = payload[key];
    switch (Number(key)) {
      case REFINE_NULLNESS:
        if (typeof v !== 'boolean') bad(`nullness must be a bool, got ${describeRaw(v)}`);
        if (v === false) r.notNull = true; // "definitely null" carries nothing a null would not
        break;
      case REFINE_PREFIX:
        if (type.kind !== 'string') bad(`a string prefix is only valid for a string, not a ${type.kind}`);
        if (typeof v !== 'string') bad(`the string prefix must be a string, got ${describeRaw(v)}`);
        r.stringPrefix = v as string;
        break;
      case REFINE_LOWER:
      case REFINE_UPPER: {
        const which = Number(key) === REFINE_LOWER ? 'lower' : 'upper';
        if (type.kind !== 'number') bad(`a number ${which} bound is only valid for a number, not a ${type.kind}`);
        if (!Array.isArray(v) || v.length !== 2 || typeof v[1] !== 'boolean') bad(`the number ${which} bound must be [number, inclusive bool]`);
        const bound: NumberBound = { value: numberFromRaw((v as unknown[])[0], path), inclusive: (v as unknown[])[1] as boolean };
        if (which === 'lower') r.numberLower = bound;
        else r.numberUpper = bound;
        break;
      }
      case REFINE_LEN_MIN:
      case REFINE_LEN_MAX: {
        const which = Number(key) === REFINE_LEN_MIN ? 'lower' : 'upper';
        if (!isCollection(type)) bad(`a length ${which} bound is only valid for a list, set or map, not a ${type.kind}`);
        const n = typeof v === 'bigint' ? Number(v) : v;
        if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) bad(`the length ${which} bound must be a non-negative integer, got ${describeRaw(v)}`);
        if (which === 'lower') r.lengthMin = n as number;
        else r.lengthMax = n as number;
        break;
      }
      default:
        break; // future refinements are ignored, as the protocol asks
    }
  }
  return Unknown.refined(r);
}

// ---- encoding ----

const encoder = new Encoder({ useBigInt64: true, sortKeys: true, maxDepth: MAX_VALUE_DEPTH * 2 + 8 });
const payloadEncoder = new Encoder({ useBigInt64: true });
const PLAIN_UNKNOWN = new ExtData(EXT_UNKNOWN, new Uint8Array(1));

/** Encodes a value of a type as msgpack. Throws AttributePathError when the value does not fit the type. */
export function encodeMsgpack(value: CtyValue, type: CtyType): Uint8Array {
  const tree = toRaw(value, type, AttributePath.root, 0);
  return encoder.encode(tree);
}

function numberToRaw(n: CtyNumber): number | bigint | string {
  const i = n.toInt64();
  if (i !== undefined) return i >= BigInt(Number.MIN_SAFE_INTEGER) && i <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(i) : i;
  if (n.isExactFloat64()) return n.toNumber();
  return n.toString();
}

function toRaw(value: CtyValue | undefined, type: CtyType, path: AttributePath, depth: number): unknown {
  if (depth > MAX_VALUE_DEPTH) tooDeep(path);
  if (value === null || value === undefined) return null;
  if (value instanceof Unknown) return unknownToRaw(value, type);
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

/** Only the refinements that apply to the type are written; none → the plain `d4 00 00`. */
function unknownToRaw(u: Unknown, type: CtyType): ExtData {
  if (!u.isRefined || type.kind === 'dynamic') return PLAIN_UNKNOWN; // a dynamic unknown is never refined
  const r = u.refinements;
  const entries: [number, unknown][] = [];
  if (r.notNull) entries.push([REFINE_NULLNESS, false]);
  if (type.kind === 'string' && r.stringPrefix !== undefined) entries.push([REFINE_PREFIX, truncatePrefix(r.stringPrefix)]);
  if (type.kind === 'number') {
    if (r.numberLower) entries.push([REFINE_LOWER, [numberToRaw(r.numberLower.value), r.numberLower.inclusive]]);
    if (r.numberUpper) entries.push([REFINE_UPPER, [numberToRaw(r.numberUpper.value), r.numberUpper.inclusive]]);
  }
  if (isCollection(type)) {
    if (r.lengthMin !== undefined) entries.push([REFINE_LEN_MIN, r.lengthMin]);
    if (r.lengthMax !== undefined) entries.push([REFINE_LEN_MAX, r.lengthMax]);
  }
  if (entries.length === 0) return PLAIN_UNKNOWN;
  // A map with integer keys: the library only writes string keys, so write the header and keys
  // (positive fixints 1..6) ourselves and let it encode each value.
  const parts: Uint8Array[] = [Uint8Array.of(0x80 | entries.length)];
  for (const [k, v] of entries) parts.push(Uint8Array.of(k), payloadEncoder.encode(v));
  return new ExtData(EXT_REFINED, Buffer.concat(parts));
}

/**
 * Keeps the payload far under the decoder's 1024-byte limit, as cty does (255 bytes, cut at a
 * character boundary); a shorter prefix is still a true statement about the value.
 */
function truncatePrefix(prefix: string): string {
  const limit = 255;
  if (Buffer.byteLength(prefix, 'utf8') <= limit) return prefix;
  let out = '';
  let bytes = 0;
  for (const ch of prefix) {
    const b = Buffer.byteLength(ch, 'utf8');
    if (bytes + b > limit) break;
    out += ch;
    bytes += b;
  }
  return out;
}
