// After create/update: the new state keeps every value the plan knew (Terraform rejects any
// change to them: "inconsistent result after apply") and takes the planned-unknown values from
// what the resource returned. Unknowns the resource left unknown become null.
import { isObjectValue, isUnknown, valueEquals, type CtyObjectValue, type CtyType, type CtyValue } from '../../cty/index.js';

export function mergeApplied(planned: CtyValue, actual: CtyValue, type: CtyType): CtyValue {
  if (isUnknown(planned)) return known(actual, type);
  if (planned === null) return null;
  switch (type.kind) {
    case 'object': {
      const a = isObjectValue(actual) ? actual : {};
      const out: Record<string, CtyValue> = {};
      for (const [n, t] of Object.entries(type.attributes)) out[n] = mergeApplied((planned as CtyObjectValue)[n] ?? null, a[n] ?? null, t);
      return out;
    }
    case 'list': {
      const a = Array.isArray(actual) ? (actual as readonly CtyValue[]) : [];
      return (planned as readonly CtyValue[]).map((p, i) => mergeApplied(p, a[i] ?? null, type.element));
    }
    case 'map': {
      const a = isObjectValue(actual) ? actual : {};
      return Object.fromEntries(Object.entries(planned as CtyObjectValue).map(([k, p]) => [k, mergeApplied(p, a[k] ?? null, type.element)]));
    }
    case 'set': {
      const a = Array.isArray(actual) ? [...(actual as readonly CtyValue[])] : [];
      const used = new Set<number>();
      return (planned as readonly CtyValue[]).map((p) => {
        const j = a.findIndex((e, k) => !used.has(k) && compatible(p, e, type.element));
        if (j < 0) return mergeApplied(p, null, type.element);
        used.add(j);
        return mergeApplied(p, a[j]!, type.element);
      });
    }
    default:
      return planned;
  }
}

/** Could `actual` be what the (partly unknown) planned value turned into? */
function compatible(planned: CtyValue, actual: CtyValue, type: CtyType): boolean {
  if (isUnknown(planned)) return true;
  if (planned === null || actual === null) return planned === actual;
  if (type.kind === 'object') {
    if (!isObjectValue(actual)) return false;
    return Object.entries(type.attributes).every(([n, t]) => compatible((planned as CtyObjectValue)[n] ?? null, actual[n] ?? null, t));
  }
  return valueEquals(planned, actual, type);
}

/** Replaces any unknown left in a returned value with null (state must be wholly known). */
export function known(v: CtyValue, type: CtyType): CtyValue {
  if (isUnknown(v)) return null;
  if (v === null) return null;
  // Almost every value holds no unknown: answer it as it is, without rebuilding it (this runs on
  // every read, import and apply).
  if (wholeKnown(v, type)) return v;
  switch (type.kind) {
    case 'object':
      return Object.fromEntries(Object.entries(type.attributes).map(([n, t]) => [n, known((v as CtyObjectValue)[n] ?? null, t)]));
    case 'list':
    case 'set':
      return (v as readonly CtyValue[]).map((e) => known(e, type.element));
    case 'map':
      return Object.fromEntries(Object.entries(v as CtyObjectValue).map(([k, e]) => [k, known(e, type.element)]));
    default:
      return v;
  }
}

/** True when `v` has no unknown at any depth and every object has exactly its type's attributes. */
function wholeKnown(v: CtyValue | undefined, type: CtyType): boolean {
  if (v === undefined) return false;
  if (v === null) return true;
  if (isUnknown(v)) return false;
  switch (type.kind) {
    case 'object': {
      const o = v as CtyObjectValue;
      let n = 0;
      for (const name in type.attributes) {
        if (!Object.hasOwn(o, name) || !wholeKnown(o[name], type.attributes[name]!)) return false;
        n++;
      }
      return Object.keys(o).length === n;
    }
    case 'list':
    case 'set':
      return (v as readonly CtyValue[]).every((e) => wholeKnown(e, type.element));
    case 'map': {
      const o = v as CtyObjectValue;
      for (const k of Object.keys(o)) if (!wholeKnown(o[k], type.element)) return false;
      return true;
    }
    default:
      return true;
  }
}
