// Pairs the elements of a nested attribute's value across config / plan / prior: by index for
// LIST, by key for MAP, by content for SET (a set element of the plan belongs to the config
// element whose configured attributes it carries unchanged).
import { isObjectValue, isUnknown, valueEquals, type CtyObjectValue, type CtyValue } from '../../cty/index.js';
import type { CompiledAttribute, CompiledObject } from '../schema/compile.js';
import type { AttributePath } from '../../common/index.js';

export interface ElementPair {
  readonly path: AttributePath;
  readonly config: CtyValue;
  readonly planned: CtyValue;
  /** Where the planned element lives, to write it back. */
  readonly slot: number | string | undefined;
}

/** Does planned element `p` carry every non-null configured attribute of `c` unchanged? */
export function configuredMatch(obj: CompiledObject, c: CtyValue, p: CtyValue): boolean {
  if (!isObjectValue(c) || !isObjectValue(p)) return false;
  for (const [n, a] of Object.entries(obj.attributes)) {
    const cv = c[n] ?? null;
    if (cv === null || isUnknown(cv) || a.computed) continue;
    if (!valueEquals(cv, p[n] ?? null, a.type)) return false;
  }
  return true;
}

/** The elements to recurse into for a nested attribute whose config and planned values are known. */
export function pairElements(a: CompiledAttribute, path: AttributePath, config: CtyValue, planned: CtyValue): ElementPair[] {
  if (config === null || planned === null || isUnknown(config) || isUnknown(planned)) return [];
  switch (a.nesting) {
    case 'SINGLE':
      return [{ path, config, planned, slot: undefined }];
    case 'LIST': {
      const c = config as readonly CtyValue[];
      const p = planned as readonly CtyValue[];
      return p.map((pv, i) => ({ path: path.index(i), config: c[i] ?? null, planned: pv, slot: i }));
    }
    case 'MAP': {
      const c = config as CtyObjectValue;
      return Object.entries(planned as CtyObjectValue).map(([k, pv]) => ({ path: path.key(k), config: c[k] ?? null, planned: pv, slot: k }));
    }
    case 'SET': {
      const c = [...(config as readonly CtyValue[])];
      const used = new Set<number>();
      return (planned as readonly CtyValue[]).map((pv, i) => {
        const j = c.findIndex((cv, k) => !used.has(k) && configuredMatch(a.nested!, cv, pv));
        if (j >= 0) used.add(j);
        return { path: path.index(i), config: j >= 0 ? c[j]! : null, planned: pv, slot: i };
      });
    }
    default:
      return [];
  }
}

/** Writes changed elements back into a copy of the nested attribute's planned value. */
export function rebuild(a: CompiledAttribute, planned: CtyValue, pairs: readonly ElementPair[], next: readonly CtyValue[]): CtyValue {
  if (a.nesting === 'SINGLE') return next[0] ?? planned;
  if (a.nesting === 'MAP') {
    const out: Record<string, CtyValue> = { ...(planned as CtyObjectValue) };
    pairs.forEach((p, i) => (out[p.slot as string] = next[i]!));
    return out;
  }
  const out = [...(planned as readonly CtyValue[])];
  pairs.forEach((p, i) => (out[p.slot as number] = next[i]!));
  return out;
}
