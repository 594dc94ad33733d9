// Test-side equivalent of Terraform core's objchange.AssertObjectCompatible (compatible.go),
// applied to every ApplyResourceChange answer: known planned values must come back unchanged,
// nothing may stay unknown. A violation is core's "Provider produced inconsistent result after
// apply" / "invalid result object after apply".
import type { AttributePath } from '../../common/index.js';
import { AttributePath as Path } from '../../common/index.js';
import { isObjectValue, isUnknown, isWhollyKnown, valueEquals, type CtyObjectValue, type CtyType, type CtyValue } from '../../cty/index.js';
import type { CompiledSchema } from '../schema/compile.js';

export function assertObjectCompatible(schema: CompiledSchema, planned: CtyValue, actual: CtyValue): string[] {
  const errs: string[] = [];
  if (!isWhollyKnown(actual, schema.root.type)) errs.push('the provider still indicated an unknown value after apply');
  if (planned === null && actual !== null) errs.push('returned a non-null object for a destroy');
  if (planned !== null && actual === null) errs.push('returned a null object after a create or update');
  if (planned !== null && actual !== null) compatible(planned, actual, schema.root.type, Path.root, errs);
  return errs;
}

const fmt = (v: CtyValue) => (isUnknown(v) ? 'unknown' : JSON.stringify(v));

function compatible(planned: CtyValue, actual: CtyValue, type: CtyType, path: AttributePath, errs: string[]): void {
  if (isUnknown(planned)) return;
  if (isUnknown(actual)) return void errs.push(`${path}: was known, but now unknown`);
  if (planned === null || actual === null) {
    if (planned !== actual) errs.push(`${path}: was ${fmt(planned)}, but now ${fmt(actual)}`);
    return;
  }
  switch (type.kind) {
    case 'object':
      for (const [n, t] of Object.entries(type.attributes)) {
        compatible((planned as CtyObjectValue)[n] ?? null, (actual as CtyObjectValue)[n] ?? null, t, path.attr(n), errs);
      }
      return;
    case 'list': {
      const p = planned as readonly CtyValue[];
      const a = actual as readonly CtyValue[];
      if (p.length !== a.length) return void errs.push(`${path}: length changed from ${p.length} to ${a.length}`);
      p.forEach((e, i) => compatible(e, a[i]!, type.element, path.index(i), errs));
      return;
    }
    case 'map': {
      const p = planned as CtyObjectValue;
      const a = actual as CtyObjectValue;
      const pk = Object.keys(p).sort();
      const ak = Object.keys(a).sort();
      if (pk.join('\0') !== ak.join('\0')) return void errs.push(`${path}: map keys changed from ${JSON.stringify(pk)} to ${JSON.stringify(ak)}`);
      for (const k of pk) compatible(p[k]!, a[k]!, type.element, path.key(k), errs);
      return;
    }
    case 'set': {
      const p = planned as readonly CtyValue[];
      const a = actual as readonly CtyValue[];
      if (isWhollyKnown(planned, type)) {
        if (!valueEquals(planned, actual, type)) errs.push(`${path}: was ${fmt(planned)}, but now ${fmt(actual)}`);
        return;
      }
      if (a.length < p.filter((e) => isWhollyKnown(e, type.element)).length) errs.push(`${path}: set lost elements`);
      for (const e of p) {
        if (!isWhollyKnown(e, type.element)) continue;
        if (!a.some((x) => valueEquals(e, x, type.element))) errs.push(`${path}: planned set element ${fmt(e)} does not correlate with any element in actual`);
      }
      return;
    }
    default:
      if (!valueEquals(planned, actual, type)) errs.push(`${path}: was ${fmt(planned)}, but now ${fmt(actual)}`);
  }
}
