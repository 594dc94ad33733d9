// Plain JS values for resource code: numbers as JS numbers, objects with every attribute, and
// Unknown kept as-is (only in plans). Conversions to and from cty values are driven by the type,
// so a resource never handles CtyNumber or missing attributes.
import { AttributePath, AttributePathError } from '../common/index.js';
import { attributeNames, CtyNumber, isObjectValue, isUnknown, Unknown, type CtyObjectValue, type CtyType, type CtyValue } from '../cty/index.js';

export type JsValue = null | string | number | boolean | Unknown | readonly JsValue[] | { readonly [k: string]: JsValue | undefined };
export type JsObject = { readonly [k: string]: JsValue | undefined };

/** cty value → plain JS (CtyNumber → number; unknowns stay Unknown). */
export function toJs(value: CtyValue, type: CtyType): JsValue {
  if (value === null || isUnknown(value)) return value;
  switch (type.kind) {
    case 'string':
    case 'bool':
      return value as string | boolean;
    case 'number':
      return (value as CtyNumber).toNumber();
    case 'list':
    case 'set':
      return (value as readonly CtyValue[]).map((v) => toJs(v, type.element));
    case 'map': {
      const out: Record<string, JsValue> = {};
      for (const [k, v] of Object.entries(value as CtyObjectValue)) out[k] = toJs(v, type.element);
      return out;
    }
    case 'object': {
      const out: Record<string, JsValue> = {};
      for (const n of attributeNames(type)) out[n] = toJs((value as CtyObjectValue)[n] ?? null, type.attributes[n]!);
      return out;
    }
    default:
      throw new TypeError(`values of type ${type.kind} are not supported by the framework`);
  }
}

/**
 * Plain JS → cty value of `type`. Missing object attributes become null; keys the type does not
 * have are ignored (an API answering with newer fields must not break a resource).
 * A value of the wrong kind throws an AttributePathError naming where.
 */
export function fromJs(value: JsValue | undefined, type: CtyType, path: AttributePath = AttributePath.root): CtyValue {
  if (value === undefined || value === null) return null;
  if (isUnknown(value)) return value;
  const wrong = (): never => {
    throw new AttributePathError(path, `expected a ${type.kind}, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  };
  switch (type.kind) {
    case 'string':
      return typeof value === 'string' ? value : wrong();
    case 'bool':
      return typeof value === 'boolean' ? value : wrong();
    case 'number':
      if (typeof value === 'number') return CtyNumber.from(value);
      if (typeof value === 'string') return CtyNumber.parse(value) ?? wrong();
      return wrong();
    case 'list':
    case 'set':
      return Array.isArray(value) ? value.map((v, i) => fromJs(v, type.element, path.index(i))) : wrong();
    case 'map': {
      if (!isPlainObject(value)) return wrong();
      const out: Record<string, CtyValue> = {};
      for (const [k, v] of Object.entries(value)) out[k] = fromJs(v, type.element, path.key(k));
      return out;
    }
    case 'object': {
      if (!isPlainObject(value)) return wrong();
      const out: Record<string, CtyValue> = {};
      for (const n of attributeNames(type)) out[n] = fromJs((value as JsObject)[n], type.attributes[n]!, path.attr(n));
      return out;
    }
    default:
      throw new TypeError(`values of type ${type.kind} are not supported by the framework`);
  }
}

function isPlainObject(v: unknown): v is JsObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isUnknown(v);
}

/** An object value's attribute (null when the object is null/unknown or lacks it). */
export function attrOf(value: CtyValue, name: string): CtyValue {
  if (!isObjectValue(value)) return isUnknown(value) ? Unknown.plain : null;
  return value[name] ?? null;
}

/**
 * The official provider's update input: prior state overlaid with every known planned value
 * (planned unknowns keep the prior value). Objects merge attribute by attribute; lists, sets and
 * maps are taken whole.
 */
export function overlayKnown(state: JsValue | undefined, plan: JsValue | undefined): JsValue {
  if (isUnknown(plan)) return state === undefined || isUnknown(state) ? null : state;
  if (isPlainObject(plan) && isPlainObject(state)) {
    const out: Record<string, JsValue> = {};
    for (const k of new Set([...Object.keys(state), ...Object.keys(plan)])) out[k] = overlayKnown(state[k], plan[k]);
    return out;
  }
  return plan === undefined ? null : withoutUnknowns(plan);
}

/** Unknowns (computed values not decided yet) → null, at any depth: the create input. */
export function withoutUnknowns(v: JsValue | undefined): JsValue {
  if (v === undefined || isUnknown(v)) return null;
  if (Array.isArray(v)) return v.map(withoutUnknowns);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, withoutUnknowns(e)]));
  return v as JsValue;
}
