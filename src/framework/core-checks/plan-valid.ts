// Test-side equivalent of Terraform core's objchange.AssertPlanValid (plan_valid.go): the rules
// core applies to every PlanResourceChange answer. Framework tests run every plan through it so
// a violation fails the test here instead of surfacing as "Provider produced invalid plan".
import type { AttributePath } from '../../common/index.js';
import { AttributePath as Path } from '../../common/index.js';
import { isObjectValue, isUnknown, valueEquals, type CtyObjectValue, type CtyValue } from '../../cty/index.js';
import type { CompiledAttribute, CompiledObject, CompiledSchema } from '../schema/compile.js';

export function assertPlanValid(schema: CompiledSchema, prior: CtyValue, config: CtyValue, planned: CtyValue): string[] {
  const errs: string[] = [];
  if (planned === null) {
    if (config !== null) errs.push('planned for absence but config wants existence');
    return errs;
  }
  if (config === null) return ['planned for existence but config wants absence'];
  attrsValid(schema.root, prior, config, planned, Path.root, errs);
  return errs;
}

const fmt = (v: CtyValue) => (isUnknown(v) ? 'unknown' : JSON.stringify(v));
const get = (v: CtyValue, n: string): CtyValue => (isObjectValue(v) ? (v[n] ?? null) : null);

function attrsValid(obj: CompiledObject, prior: CtyValue, config: CtyValue, planned: CtyValue, path: AttributePath, errs: string[]): void {
  if (isUnknown(planned) || planned === null) return;
  for (const [n, a] of Object.entries(obj.attributes)) {
    const p = path.attr(n);
    const pv = get(planned, n);
    if (a.writeOnly) {
      // Core stops here for write-only attributes: they must be planned null, nothing else counts.
      if (pv !== null) errs.push(`${p}: planned value for write-only attribute is not null`);
      continue;
    }
    valueValid(a, get(prior, n), get(config, n), pv, p, errs);
  }
}

function valueValid(a: CompiledAttribute, prior: CtyValue, config: CtyValue, planned: CtyValue, path: AttributePath, errs: string[]): void {
  const same = (x: CtyValue, y: CtyValue) => (isUnknown(x) || isUnknown(y) ? isUnknown(x) && isUnknown(y) : valueEquals(x, y, a.type));
  if (same(planned, config)) return;
  if (prior !== null && config !== null && same(planned, prior)) return;
  if (a.computed && !a.optional) return;
  if (config === null && a.computed) return;
  if (config === null && planned !== null) {
    errs.push(`${path}: planned value ${fmt(planned)} for a non-computed attribute`);
    return;
  }
  if (a.nested) {
    nestedValid(a, prior, config, planned, path, errs);
    return;
  }
  errs.push(`${path}: planned value ${fmt(planned)} does not match config value ${fmt(config)}${prior === null ? '' : ` nor prior value ${fmt(prior)}`}`);
}

function nestedValid(a: CompiledAttribute, prior: CtyValue, config: CtyValue, planned: CtyValue, path: AttributePath, errs: string[]): void {
  if (planned === null && config !== null) return void errs.push(`${path}: planned for absence but config wants existence`);
  if (config === null && planned !== null) return void errs.push(`${path}: planned for existence but config wants absence`);
  if (isUnknown(config) || isUnknown(planned) || planned === null) return;
  const obj = a.nested!;
  switch (a.nesting) {
    case 'SINGLE':
      return attrsValid(obj, prior, config, planned, path, errs);
    case 'LIST': {
      const c = config as readonly CtyValue[];
      const p = planned as readonly CtyValue[];
      if (c.length !== p.length) return void errs.push(`${path}: count in plan (${p.length}) disagrees with count in config (${c.length})`);
      const pr = Array.isArray(prior) ? (prior as readonly CtyValue[]) : [];
      p.forEach((e, i) => attrsValid(obj, pr[i] ?? null, c[i]!, e, path.index(i), errs));
      return;
    }
    case 'MAP': {
      const c = config as CtyObjectValue;
      const p = planned as CtyObjectValue;
      for (const k of Object.keys(p)) {
        if (!(k in c)) errs.push(`${path}: map key ${JSON.stringify(k)} from plan is not present in config`);
        else attrsValid(obj, get(prior, k), c[k]!, p[k]!, path.key(k), errs);
      }
      for (const k of Object.keys(c)) if (!(k in p)) errs.push(`${path}: map key ${JSON.stringify(k)} from config is not present in plan`);
      return;
    }
    case 'SET': {
      const c = config as readonly CtyValue[];
      const p = planned as readonly CtyValue[];
      if (c.length !== p.length) errs.push(`${path}: count in plan (${p.length}) disagrees with count in config (${c.length})`);
      return;
    }
  }
}
