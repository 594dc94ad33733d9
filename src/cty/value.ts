// The JS value model for cty values. A value means nothing without its CtyType (the schema
// supplies it), so values are plain JS data interpreted against a type:
//
//   cty type            JS value
//   ------------------  ---------------------------------------------------------------
//   any, null           null
//   any, unknown        an Unknown (Unknown.plain, or Unknown.refined({...}) with refinements)
//   string              string
//   bool                boolean
//   number              CtyNumber (exact decimal; encoders also accept a JS number or bigint)
//   list(T), tuple      array, one element per item, in order
//   set(T)              array; order is meaningless, duplicates collapse (decoders dedupe)
//   map(T)              plain object: key → element
//   object({...})       plain object: attribute → value; decoders give every attribute
//                       (null when null); encoders treat a missing attribute as null
//   dynamic             null, an Unknown, or a DynamicValue { type, value } carrying its
//                       concrete type
//
// Decoders never produce JS numbers, undefined, Maps or class instances other than CtyNumber,
// Unknown and DynamicValue, so values compare with `valueEquals` and print with util.inspect.
import { CtyNumber } from './number.js';
import { typeToJsonString } from './type-json.js';
import { attributeNames, compareNames, type CtyType } from './types.js';
import { isUnknown, Unknown } from './unknown.js';

export interface CtyObjectValue {
  readonly [name: string]: CtyValue;
}

export type CtyValue =
  | null
  | string
  | boolean
  | CtyNumber
  | Unknown
  | DynamicValue
  | readonly CtyValue[]
  | CtyObjectValue;

/** A value of the dynamic pseudo-type: its concrete type travels with it. */
export class DynamicValue {
  constructor(
    readonly type: CtyType,
    readonly value: CtyValue,
  ) {}
}

/** Shorthand for `new DynamicValue(type, value)`. */
export function dynamicValue(type: CtyType, value: CtyValue): DynamicValue {
  return new DynamicValue(type, value);
}

/** The null of a type. Every type's null is JS null (a null object is not an object of nulls). */
export function nullFor(_type: CtyType): null {
  return null;
}

/** An object value with every attribute of the object type null (a GROUP block's empty value). */
export function nullAttributes(type: Extract<CtyType, { kind: 'object' }>): CtyObjectValue {
  return Object.fromEntries(attributeNames(type).map((n) => [n, null]));
}

/** Sets an own property even when the key is `__proto__` (map keys are arbitrary strings). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Own-property read: `undefined` when absent (never an inherited Object.prototype member). */
export function getOwn(source: object, key: string): unknown {
  return Object.hasOwn(source, key) ? (source as Record<string, unknown>)[key] : undefined;
}

export function isObjectValue(v: unknown): v is CtyObjectValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof CtyNumber) && !(v instanceof Unknown) && !(v instanceof DynamicValue);
}

/** True when no Unknown occurs anywhere in the value. */
export function isWhollyKnown(value: CtyValue, type: CtyType): boolean {
  if (isUnknown(value)) return false;
  if (value === null) return true;
  switch (type.kind) {
    case 'list':
    case 'set':
      return Array.isArray(value) && (value as readonly CtyValue[]).every((v) => isWhollyKnown(v, type.element));
    case 'tuple':
      return Array.isArray(value) && (value as readonly CtyValue[]).every((v, i) => isWhollyKnown(v, type.elements[i] ?? type));
    case 'map':
      return isObjectValue(value) && Object.values(value).every((v) => isWhollyKnown(v, type.element));
    case 'object':
      return isObjectValue(value) && attributeNames(type).every((n) => isWhollyKnown((getOwn(value, n) ?? null) as CtyValue, type.attributes[n]!));
    case 'dynamic':
      return value instanceof DynamicValue ? isWhollyKnown(value.value, value.type) : true;
    default:
      return true;
  }
}

/**
 * A canonical text for a value of a type: equal values (set order and duplicates ignored,
 * numbers compared exactly, missing object attributes as null) give equal keys.
 */
export function valueKey(value: CtyValue | number | bigint | undefined, type: CtyType): string {
  if (value === null || value === undefined) return 'null';
  if (isUnknown(value)) return value.key();
  if (typeof value === 'number' || typeof value === 'bigint') return `#${CtyNumber.from(value).toString()}`;
  if (value instanceof CtyNumber) return `#${value.toString()}`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof DynamicValue) return `dyn(${typeToJsonString(value.type)},${valueKey(value.value, value.type)})`;
  const shapeOk = type.kind === 'map' || type.kind === 'object' ? isObjectValue(value) : Array.isArray(value);
  if (!shapeOk) return `?${typeof value}`;
  switch (type.kind) {
    case 'list':
      return `[${(value as readonly CtyValue[]).map((v) => valueKey(v, type.element)).join(',')}]`;
    case 'tuple':
      return `[${(value as readonly CtyValue[]).map((v, i) => valueKey(v, type.elements[i] ?? type)).join(',')}]`;
    case 'set': {
      const keys = [...new Set((value as readonly CtyValue[]).map((v) => valueKey(v, type.element)))].sort();
      return `set[${keys.join(',')}]`;
    }
    case 'map': {
      const obj = value as CtyObjectValue;
      const keys = Object.keys(obj).sort(compareNames);
      return `{${keys.map((k) => `${JSON.stringify(k)}:${valueKey(obj[k]!, type.element)}`).join(',')}}`;
    }
    case 'object': {
      const obj = value as CtyObjectValue;
      return `{${attributeNames(type)
        .map((n) => `${JSON.stringify(n)}:${valueKey(getOwn(obj, n) as CtyValue | undefined, type.attributes[n]!)}`)
        .join(',')}}`;
    }
    default:
      return `?${String(value)}`;
  }
}

/** Value equality under a type: set semantics, exact numeric equality, Unknowns equal when refined alike. */
export function valueEquals(a: CtyValue, b: CtyValue, type: CtyType): boolean {
  if (a === b) return true;
  return valueKey(a, type) === valueKey(b, type);
}

/**
 * Positions of the elements a set keeps: the first of each group of equal elements. Elements
 * containing unknowns are never merged, since two unknowns may turn out different.
 */
export function uniqueIndexes(elements: readonly CtyValue[], elementType: CtyType): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  elements.forEach((e, i) => {
    if (isWhollyKnown(e, elementType)) {
      const k = valueKey(e, elementType);
      if (seen.has(k)) return;
      seen.add(k);
    }
    out.push(i);
  });
  return out;
}

/** A set's elements with duplicates collapsed (first occurrence wins; unknowns never merge). */
export function dedupeSet(elements: readonly CtyValue[], elementType: CtyType): CtyValue[] {
  if (elements.length < 2) return [...elements];
  return uniqueIndexes(elements, elementType).map((i) => elements[i]!);
}
