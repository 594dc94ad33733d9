// Test-side equivalent of Terraform core's objchange.ProposedNew: what core sends as
// proposed_new_state — the config, where computed attributes the config leaves null keep their
// prior value; nested attributes present in config are merged element by element.
import { isObjectValue, isUnknown, type CtyObjectValue, type CtyValue } from '../../cty/index.js';
import { configuredMatch } from '../plan/elements.js';
import type { CompiledObject, CompiledSchema } from '../schema/compile.js';

export function proposedNew(schema: CompiledSchema, prior: CtyValue, config: CtyValue): CtyValue {
  if (config === null) return null;
  return proposeObject(schema.root, prior, config);
}

function proposeObject(obj: CompiledObject, prior: CtyValue, config: CtyValue): CtyValue {
  if (!isObjectValue(config)) return config;
  const p = isObjectValue(prior) ? prior : undefined;
  const out: Record<string, CtyValue> = {};
  for (const [n, a] of Object.entries(obj.attributes)) {
    const cv = config[n] ?? null;
    const pv = p?.[n] ?? null;
    if (a.computed && cv === null) out[n] = pv;
    else if (a.nested && cv !== null && !isUnknown(cv)) {
      const inner = a.nested;
      if (a.nesting === 'SINGLE') out[n] = proposeObject(inner, pv, cv);
      else if (a.nesting === 'LIST') out[n] = (cv as readonly CtyValue[]).map((e, i) => proposeObject(inner, Array.isArray(pv) ? ((pv as readonly CtyValue[])[i] ?? null) : null, e));
      else if (a.nesting === 'MAP') out[n] = Object.fromEntries(Object.entries(cv as CtyObjectValue).map(([k, e]) => [k, proposeObject(inner, isObjectValue(pv) ? (pv[k] ?? null) : null, e)]));
      else {
        const priors = Array.isArray(pv) ? [...(pv as readonly CtyValue[])] : [];
        out[n] = (cv as readonly CtyValue[]).map((e) => {
          const j = priors.findIndex((x) => configuredMatch(inner, e, x));
          const match = j >= 0 ? priors.splice(j, 1)[0]! : null;
          return proposeObject(inner, match, e);
        });
      }
    } else out[n] = cv;
  }
  return out;
}
