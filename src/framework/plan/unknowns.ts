// Step 2 of planning (only on create, or when something changed): a computed attribute the
// config leaves null and that has no default will be decided by the apply — plan it unknown.
// Attributes the config sets keep their value; nested attributes present in config are walked.
import type { AttributePath } from '../../common/index.js';
import { isObjectValue, isUnknown, Unknown, type CtyObjectValue, type CtyValue } from '../../cty/index.js';
import type { CompiledObject } from '../schema/compile.js';
import { pairElements, rebuild } from './elements.js';

export function markComputedUnknown(obj: CompiledObject, config: CtyValue, planned: CtyValue, path: AttributePath): CtyValue {
  if (!isObjectValue(planned) || !isObjectValue(config)) return planned;
  let out: Record<string, CtyValue> | undefined;
  const set = (n: string, v: CtyValue) => {
    out ??= { ...(planned as CtyObjectValue) };
    out[n] = v;
  };
  for (const [n, a] of Object.entries(obj.attributes)) {
    const cv = config[n] ?? null;
    const pv = planned[n] ?? null;
    if (a.computed && cv === null && !a.default) {
      if (!isUnknown(pv)) set(n, Unknown.plain);
    } else if (a.nested && cv !== null && !isUnknown(cv)) {
      const pairs = pairElements(a, path.attr(n), cv, pv);
      const next = pairs.map((p) => markComputedUnknown(a.nested!, p.config, p.planned, p.path));
      if (next.some((v, i) => v !== pairs[i]!.planned)) set(n, rebuild(a, pv, pairs, next));
    }
  }
  return out ?? planned;
}
