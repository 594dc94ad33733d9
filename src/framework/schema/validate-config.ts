// Config validation driven by the schema: every attribute's validators run on known, non-null
// values at every depth; write-only attributes are refused when the Terraform in use cannot
// keep them out of state. Unknown values are skipped (they are checked again at apply time).
import { type AttributePath, Diagnostics } from '../../common/index.js';
import { isObjectValue, isUnknown, type CtyObjectValue, type CtyValue } from '../../cty/index.js';
import type { CompiledObject } from './compile.js';

export interface ValidateOptions {
  /** ClientCapabilities.writeOnlyAttributesAllowed (Terraform ≥ 1.11). */
  readonly writeOnlyAllowed: boolean;
}

export function validateConfigValue(obj: CompiledObject, value: CtyValue, path: AttributePath, opts: ValidateOptions, diags = new Diagnostics()): Diagnostics {
  if (!isObjectValue(value)) return diags;
  for (const [n, a] of Object.entries(obj.attributes)) {
    const v = value[n] ?? null;
    const p = path.attr(n);
    if (v === null || isUnknown(v)) continue;
    if (a.spec.writeOnly && !opts.writeOnlyAllowed) {
      diags.addAttributeError(p, 'Write-only attribute not supported', `${p.toString()} is write-only, which needs Terraform 1.11 or later. Upgrade Terraform, or use the attribute without the _wo suffix instead.`);
      continue;
    }
    for (const val of a.spec.validators ?? []) val.validate(v, p, diags);
    if (!a.nested) continue;
    if (a.nesting === 'SINGLE') validateConfigValue(a.nested, v, p, opts, diags);
    else if (Array.isArray(v)) (v as readonly CtyValue[]).forEach((e, i) => validateConfigValue(a.nested!, e, p.index(i), opts, diags));
    else if (isObjectValue(v)) for (const [k, e] of Object.entries(v as CtyObjectValue)) validateConfigValue(a.nested, e, p.key(k), opts, diags);
  }
  return diags;
}
