// Write-only attributes never reach plan or state: Terraform requires them planned null and
// stored null. Applied to every planned, applied, read and imported value.
import { isObjectValue, type CtyObjectValue, type CtyValue } from '../../cty/index.js';
import type { CompiledObject } from '../schema/compile.js';

export function nullWriteOnly(obj: CompiledObject, value: CtyValue): CtyValue {
  if (!obj.hasWriteOnly || !isObjectValue(value)) return value;
  let out: Record<string, CtyValue> | undefined;
  for (const [n, a] of Object.entries(obj.attributes)) {
    const v = value[n] ?? null;
    let next = v;
    if (a.spec.writeOnly) next = null;
    else if (a.nested && v !== null) {
      if (a.nesting === 'SINGLE') next = nullWriteOnly(a.nested, v);
      else if (Array.isArray(v)) next = (v as readonly CtyValue[]).map((e) => nullWriteOnly(a.nested!, e));
      else if (a.nesting === 'MAP' && isObjectValue(v)) next = Object.fromEntries(Object.entries(v).map(([k, e]) => [k, nullWriteOnly(a.nested!, e)]));
    }
    if (next !== v) {
      out ??= { ...(value as CtyObjectValue) };
      out[n] = next;
    }
  }
  return out ?? value;
}

/** True when the schema has any write-only attribute (cheap check before walking). */
export function hasWriteOnly(obj: CompiledObject): boolean {
  return obj.hasWriteOnly;
}
