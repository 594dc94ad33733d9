// Step 3 of planning: run each attribute's plan modifiers (useStateForUnknown, requiresReplace…)
// with that attribute's config, prior and planned values, at every depth.
import { Diagnostics, type AttributePath } from '../../common/index.js';
import { isObjectValue, isUnknown, type CtyObjectValue, type CtyValue } from '../../cty/index.js';
import type { CompiledObject } from '../schema/compile.js';
import type { PlanModifierResponse } from '../schema/plan-modifier.js';
import { configuredMatch, pairElements, rebuild } from './elements.js';

export interface ModifierResult {
  readonly planned: CtyValue;
  readonly requiresReplace: AttributePath[];
  readonly diagnostics: Diagnostics;
}

export function runPlanModifiers(obj: CompiledObject, config: CtyValue, prior: CtyValue, planned: CtyValue, priorExists: boolean, path: AttributePath): ModifierResult {
  const result: ModifierResult = { planned, requiresReplace: [], diagnostics: new Diagnostics() };
  return { ...result, planned: walk(obj, config, prior, planned, priorExists, path, result) };
}

function walk(obj: CompiledObject, config: CtyValue, prior: CtyValue, planned: CtyValue, priorExists: boolean, path: AttributePath, acc: ModifierResult): CtyValue {
  if (obj.withPlanModifiers.length === 0 || !isObjectValue(planned)) return planned;
  const cObj = isObjectValue(config) ? config : undefined;
  const sObj = isObjectValue(prior) ? prior : undefined;
  let out: Record<string, CtyValue> | undefined;
  for (const a of obj.withPlanModifiers) {
    const n = a.name;
    const p = path.attr(n);
    const cv = cObj?.[n] ?? null;
    const sv = sObj?.[n] ?? null;
    let pv = planned[n] ?? null;
    for (const m of a.spec.planModifiers ?? []) {
      const resp: PlanModifierResponse = { plan: pv, requiresReplace: false, diagnostics: acc.diagnostics };
      m.modify({ path: p, type: a.type, config: cv, state: sv, plan: pv, priorExists }, resp);
      pv = resp.plan;
      if (resp.requiresReplace && !acc.requiresReplace.some((r) => r.equals(p))) acc.requiresReplace.push(p);
    }
    if (a.nested && pv !== null && !isUnknown(pv)) {
      const pairs = pairElements(a, p, cv === null ? emptyLike(a.nesting, pv) : cv, pv);
      const next = pairs.map((pair) => {
        const priorElem = priorElement(a.nesting, a.nested!, sv, pair.slot, pair.config);
        return walk(a.nested!, pair.config, priorElem, pair.planned, priorExists && priorElem !== null, pair.path, acc);
      });
      if (next.some((v, i) => v !== pairs[i]!.planned)) pv = rebuild(a, pv, pairs, next);
    }
    if (pv !== (planned[n] ?? null)) {
      out ??= { ...(planned as CtyObjectValue) };
      out[n] = pv;
    }
  }
  return out ?? planned;
}

/** A computed nested value with no config still has elements to visit (config null for each). */
function emptyLike(nesting: string | undefined, planned: CtyValue): CtyValue {
  if (nesting === 'SINGLE') return Object.fromEntries(Object.keys(planned as CtyObjectValue).map((k) => [k, null]));
  if (nesting === 'MAP') return {};
  return [];
}

function priorElement(nesting: string | undefined, obj: CompiledObject, prior: CtyValue, slot: number | string | undefined, config: CtyValue): CtyValue {
  if (prior === null || isUnknown(prior)) return null;
  if (nesting === 'SINGLE') return prior;
  if (nesting === 'LIST') return (prior as readonly CtyValue[])[slot as number] ?? null;
  if (nesting === 'MAP') return (prior as CtyObjectValue)[slot as string] ?? null;
  return (prior as readonly CtyValue[]).find((e) => configuredMatch(obj, config, e)) ?? null;
}
