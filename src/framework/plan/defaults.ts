// Step 1 of planning: where the config leaves an attribute null and the schema has a default,
// plan the default — at every depth of nested attributes present in the config.
import type { AttributePath } from '../../common/index.js';
import { isObjectValue, isUnknown, type CtyObjectValue, type CtyValue } from '../../cty/index.js';
import type { CompiledObject } from '../schema/compile.js';
import { pairElements, rebuild } from './elements.js';

export function applyDefaults(obj: CompiledObject, config: CtyValue, planned: CtyValue, path: AttributePath): CtyValue {
  if (!obj.hasDefaults || !isObjectValue(planned) || !isObjectValue(config)) return planned;
  let out: Record<string, CtyValue> | undefined;
  const set = (n: string, v: CtyValue) => {
    out ??= { ...(planned as CtyObjectValue) };
    out[n] = v;
  };
  for (const [n, a] of Object.entries(obj.attributes)) {
    const cv = config[n] ?? null;
    const pv = planned[n] ?? null;
    if (cv === null && a.default) {
      set(n, a.default.value);
    } else if (a.nested && cv !== null && !isUnknown(cv)) {
      const pairs = pairElements(a, path.attr(n), cv, pv);
      const next = pairs.map((p) => applyDefaults(a.nested!, p.config, p.planned, p.path));
      if (next.some((v, i) => v !== pairs[i]!.planned)) set(n, rebuild(a, pv, pairs, next));
    }
  }
  return out ?? planned;
}
