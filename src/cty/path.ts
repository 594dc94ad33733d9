// Navigating values by AttributePath: read a value, replace one (copy-on-write), walk them all.
// Steps: `attr` into an object, `key` into a map, `index` into a list, tuple or set (a set's
// array position). A dynamic value is stepped through to its concrete value.
import { AttributePath, AttributePathError, type PathStep } from '../common/index.js';
import { attributeNames, type CtyType } from './types.js';
import { isUnknown, Unknown } from './unknown.js';
import { DynamicValue, getOwn, isObjectValue, setOwn, type CtyObjectValue, type CtyValue } from './value.js';

export interface TypedValue {
  readonly value: CtyValue;
  readonly type: CtyType;
}

/** The type one step below `type`, or undefined when the step does not fit the type. */
export function stepType(type: CtyType, step: PathStep): CtyType | undefined {
  switch (type.kind) {
    case 'object':
      return step.kind === 'attr' && Object.hasOwn(type.attributes, step.name) ? type.attributes[step.name] : undefined;
    case 'map':
      return step.kind === 'key' ? type.element : undefined;
    case 'list':
    case 'set':
      return step.kind === 'index' ? type.element : undefined;
    case 'tuple':
      return step.kind === 'index' ? type.elements[step.index] : undefined;
    default:
      return undefined;
  }
}

function unwrap(tv: TypedValue): TypedValue {
  return tv.type.kind === 'dynamic' && tv.value instanceof DynamicValue ? { value: tv.value.value, type: tv.value.type } : tv;
}

function child(value: CtyValue, step: PathStep): CtyValue | undefined {
  if (step.kind === 'index') {
    return Array.isArray(value) ? (value as readonly CtyValue[])[step.index] : undefined;
  }
  if (!isObjectValue(value)) return undefined;
  const v = getOwn(value, step.kind === 'attr' ? step.name : step.key) as CtyValue | undefined;
  return step.kind === 'attr' && v === undefined ? null : v; // a missing attribute is null
}

/**
 * The value and type at `path`. Below a null it is null, below an unknown it is unknown; a step
 * the type does not have, an index out of range or a missing map key gives undefined.
 */
export function getAt(value: CtyValue, type: CtyType, path: AttributePath): TypedValue | undefined {
  let cur: TypedValue = { value, type };
  for (const step of path.steps) {
    cur = unwrap(cur);
    const t = stepType(cur.type, step);
    if (t === undefined) return undefined;
    if (cur.value === null || isUnknown(cur.value)) {
      cur = { value: cur.value === null ? null : Unknown.plain, type: t };
      continue;
    }
    const v = child(cur.value, step);
    if (v === undefined) return undefined;
    cur = { value: v, type: t };
  }
  return cur;
}

/**
 * A copy of `root` with the value at `path` replaced (only the containers on the path are
 * copied). Throws AttributePathError when the path does not fit the type or passes through a
 * null or unknown value.
 */
export function setAt(root: CtyValue, type: CtyType, path: AttributePath, newValue: CtyValue): CtyValue {
  const go = (value: CtyValue, t: CtyType, depth: number): CtyValue => {
    if (depth === path.steps.length) return newValue;
    const here = AttributePath.fromSteps(path.steps.slice(0, depth));
    if (t.kind === 'dynamic') {
      if (!(value instanceof DynamicValue)) throw new AttributePathError(here, 'cannot set a value inside a dynamic value that is null or unknown');
      return new DynamicValue(value.type, go(value.value, value.type, depth));
    }
    const step = path.steps[depth]!;
    const ct = stepType(t, step);
    if (ct === undefined) throw new AttributePathError(here, `a value of this type has no ${describeStep(step)}`);
    if (value === null || isUnknown(value)) {
      throw new AttributePathError(here, `cannot set ${describeStep(step)} inside a ${value === null ? 'null' : 'unknown'} value`);
    }
    if (step.kind === 'index') {
      if (!Array.isArray(value) || step.index < 0 || step.index >= value.length) {
        throw new AttributePathError(here, `index ${step.index} is out of range`);
      }
      const copy = [...(value as readonly CtyValue[])];
      copy[step.index] = go(copy[step.index]!, ct, depth + 1);
      return copy;
    }
    if (!isObjectValue(value)) throw new AttributePathError(here, `expected ${t.kind} value`);
    const name = step.kind === 'attr' ? step.name : step.key;
    const copy: Record<string, unknown> = {};
    for (const k of Object.keys(value)) setOwn(copy, k, value[k]);
    const current = (getOwn(value, name) as CtyValue | undefined) ?? null;
    setOwn(copy, name, go(current, ct, depth + 1));
    return copy as CtyObjectValue;
  };
  return go(root, type, 0);
}

function describeStep(step: PathStep): string {
  return step.kind === 'attr' ? `attribute "${step.name}"` : step.kind === 'key' ? `key ${JSON.stringify(step.key)}` : `index ${step.index}`;
}

/** Visitor for `walk`; return false to skip the children of this value. */
export type WalkVisitor = (path: AttributePath, value: CtyValue, type: CtyType) => boolean | void;

/**
 * Visits every value in pre-order with its path and type (objects in sorted attribute order,
 * maps in sorted key order). Dynamic values are visited once as themselves, then their content
 * with its concrete type at the same path.
 */
export function walk(value: CtyValue, type: CtyType, visit: WalkVisitor, path: AttributePath = AttributePath.root): void {
  if (visit(path, value, type) === false) return;
  if (value === null || isUnknown(value)) return;
  switch (type.kind) {
    case 'dynamic':
      if (value instanceof DynamicValue) walk(value.value, value.type, visit, path);
      return;
    case 'list':
    case 'set':
      if (Array.isArray(value)) (value as readonly CtyValue[]).forEach((v, i) => walk(v, type.element, visit, path.index(i)));
      return;
    case 'tuple':
      if (Array.isArray(value)) {
        (value as readonly CtyValue[]).forEach((v, i) => {
          const t = type.elements[i];
          if (t) walk(v, t, visit, path.index(i));
        });
      }
      return;
    case 'map':
      if (isObjectValue(value)) for (const k of Object.keys(value).sort()) walk(value[k]!, type.element, visit, path.key(k));
      return;
    case 'object':
      if (isObjectValue(value)) {
        for (const n of attributeNames(type)) walk((getOwn(value, n) as CtyValue | undefined) ?? null, type.attributes[n]!, visit, path.attr(n));
      }
      return;
    default:
      return;
  }
}
