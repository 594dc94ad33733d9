// Pieces both wire encodings share: the nesting limit, describing a wrong value in an error,
// accepting a number from the host, and turning a map/object value into its attribute record.
import { AttributePath, AttributePathError } from '../common/index.js';
import { CtyNumber } from './number.js';
import { attributeNames, type CtyType } from './types.js';
import { Unknown } from './unknown.js';
import { DynamicValue, getOwn, isObjectValue, setOwn, type CtyValue } from './value.js';

/** Values nested deeper than this are refused (protects the stack; real state is < 20 deep). */
export const MAX_VALUE_DEPTH = 256;

export function tooDeep(path: AttributePath): never {
  throw new AttributePathError(path, `value nests deeper than ${MAX_VALUE_DEPTH} levels`);
}

/** A short description of a JS or decoded wire value for "expected X, got Y" messages. */
export function describeRaw(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v instanceof Uint8Array) return `binary data (${v.byteLength} bytes)`;
  if (v instanceof CtyNumber) return `the number ${v.toString().slice(0, 40)}`;
  if (v instanceof Unknown) return 'an unknown value';
  if (v instanceof DynamicValue) return 'a dynamic value';
  switch (typeof v) {
    case 'string':
      return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    case 'number':
    case 'bigint':
      return `the number ${String(v)}`;
    case 'boolean':
      return `the bool ${String(v)}`;
    case 'object':
      return 'a map';
    default:
      return `a ${typeof v}`;
  }
}

/** A number value from the host: a CtyNumber, or for convenience a JS number or bigint. */
export function numberFromHost(v: unknown, path: AttributePath): CtyNumber {
  if (v instanceof CtyNumber) return v;
  if ((typeof v === 'number' && !Number.isNaN(v)) || typeof v === 'bigint') return CtyNumber.from(v);
  throw new AttributePathError(path, `expected a number (CtyNumber), got ${describeRaw(v)}`);
}

/**
 * A map or object value as a record of encoded entries. Objects get every attribute (a missing
 * one is null); an attribute the type lacks is an error.
 */
export function encodeAttributes(
  value: CtyValue,
  type: Extract<CtyType, { kind: 'map' | 'object' }>,
  path: AttributePath,
  encode: (v: CtyValue | undefined, t: CtyType, p: AttributePath) => unknown,
): Record<string, unknown> {
  if (!isObjectValue(value)) throw new AttributePathError(path, `expected ${type.kind === 'map' ? 'a map' : 'an object'}, got ${describeRaw(value)}`);
  const out: Record<string, unknown> = {};
  if (type.kind === 'map') {
    for (const k of Object.keys(value)) setOwn(out, k, encode(value[k], type.element, path.key(k)));
    return out;
  }
  for (const k of Object.keys(value)) {
    if (!Object.hasOwn(type.attributes, k)) throw new AttributePathError(path.attr(k), `unsupported attribute "${k}"`);
  }
  for (const n of attributeNames(type)) setOwn(out, n, encode(getOwn(value, n) as CtyValue | undefined, type.attributes[n]!, path.attr(n)));
  return out;
}
