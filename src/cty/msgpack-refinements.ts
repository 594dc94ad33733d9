// Unknown values in msgpack (digest §2.3): every extension code is an unknown; code 12 with a
// payload carries refinements as a map with small integer keys (1 nullness, 2 string prefix,
// 3/4 number bounds, 5/6 collection length bounds). Read as cty reads them (unknown keys
// ignored, bytes after the map ignored, payloads over 1024 bytes refused, a dynamic unknown
// never refined); written only when at least one refinement applies to the type, else `d4 00 00`.
import { Encoder, ExtData } from '@msgpack/msgpack';
import { AttributePath, AttributePathError } from '../common/index.js';
import { decoderFor, isRawMap, numberFromRaw, numberToRaw } from './msgpack-raw.js';
import { isCollection, type CtyType } from './types.js';
import { Unknown, type NumberBound, type Refinements } from './unknown.js';
import { describeRaw } from './wire-common.js';

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

const payloadEncoder = new Encoder({ useBigInt64: true });
const PLAIN_UNKNOWN = new ExtData(EXT_UNKNOWN, new Uint8Array(1));

function fail(path: AttributePath, reason: string): never {
  throw new AttributePathError(path, reason);
}

export function unknownFromExt(code: number, data: Uint8Array, type: CtyType, path: AttributePath): Unknown {
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

export /** Only the refinements that apply to the type are written; none → the plain `d4 00 00`. */
function refinedUnknownToExt(u: Unknown, type: CtyType): ExtData {
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
