// Checks that span fields (Kong's `entity_checks`), declared as data next to each table.
// Paths are dotted and relative to the record the check is declared on; results go to that
// record's `@entity` list, plus an optional field message (Kong's conditional `then_match`).
import type { ErrorTree } from './error-tree.js';
import { addEntityError, erroredPaths, setError } from './error-tree.js';
import { isPlainObject } from './defaults.js';

export type EntityCheck =
  | { readonly kind: 'mutually_required'; readonly fields: readonly string[] }
  | { readonly kind: 'at_least_one_of'; readonly fields: readonly string[] }
  | {
      readonly kind: 'conditional';
      /** e.g. `model.provider` */
      readonly ifField: string;
      readonly ifOneOf: readonly unknown[];
      readonly thenField: string;
      /** `required`: then_field must be set; `eq`: then_field must equal (a function of the if value). */
      readonly then: { readonly required: true } | { readonly eq: (ifValue: unknown) => unknown };
      readonly thenErr: string | ((ifValue: unknown) => string);
      /** Also place Kong's `value must be X` at the then-field (conditional with then_match eq). */
      readonly fieldMessage?: boolean;
    }
  | {
      readonly kind: 'custom';
      readonly fields: readonly string[];
      readonly check: (record: Record<string, unknown>) => string | undefined;
    };

export function getPath(record: unknown, dotted: string): unknown {
  let v: unknown = record;
  for (const seg of dotted.split('.')) {
    if (!isPlainObject(v)) return undefined;
    v = v[seg];
  }
  return v;
}

const isSet = (v: unknown) => v !== undefined && v !== null;

/** The fields a check reads, dotted and relative to its record. */
export function checkReads(check: EntityCheck): readonly string[] {
  return check.kind === 'conditional' ? [check.ifField, check.thenField] : check.fields;
}

const quoted = (fields: readonly string[]) => fields.map((f) => `'${f}'`).join(', ');

export interface CheckFailure {
  /** Kong's message for the record's `@entity` list. */
  readonly message: string;
  /** A conditional's then-field (relative to the record): the field the rule is about. */
  readonly field?: string;
  /** Kong's `value must be X` at that field (conditional with then_match eq). */
  readonly fieldMessage?: string;
}

/** One check against one record: its failure, or undefined when the record passes. */
export function checkFailure(check: EntityCheck, record: Record<string, unknown>): CheckFailure | undefined {
  switch (check.kind) {
    case 'mutually_required': {
      const set = check.fields.filter((f) => isSet(getPath(record, f)));
      if (set.length > 0 && set.length < check.fields.length)
        return { message: `all or none of these fields must be set: ${quoted(check.fields)}` };
      return undefined;
    }
    case 'at_least_one_of': {
      if (!check.fields.some((f) => isSet(getPath(record, f)) && getPath(record, f) !== ''))
        return { message: `at least one of these fields must be non-empty: ${quoted(check.fields)}` };
      return undefined;
    }
    case 'conditional': {
      const ifValue = getPath(record, check.ifField);
      if (!check.ifOneOf.includes(ifValue)) return undefined;
      const thenValue = getPath(record, check.thenField);
      const then = check.then;
      const ok = 'required' in then ? isSet(thenValue) : thenValue === then.eq(ifValue);
      if (ok) return undefined;
      const message = typeof check.thenErr === 'function' ? check.thenErr(ifValue) : check.thenErr;
      const fieldMessage = check.fieldMessage && 'eq' in then ? `value must be ${String(then.eq(ifValue))}` : undefined;
      return { message, field: check.thenField, ...(fieldMessage !== undefined ? { fieldMessage } : {}) };
    }
    case 'custom': {
      const message = check.check(record);
      return message ? { message } : undefined;
    }
  }
}

/**
 * Run `checks` over `record` (the value at `at` inside the tree's entity). Checks reading a
 * field that already has an error are skipped, as Kong does.
 */
export function runEntityChecks(
  checks: readonly EntityCheck[],
  record: Record<string, unknown>,
  tree: ErrorTree,
  at: readonly string[] = [],
): void {
  const broken = erroredPaths(tree);
  const prefix = at.length ? `${at.join('.')}.` : '';
  for (const check of checks) {
    const reads = checkReads(check).map((f) => prefix + f);
    if (reads.some((r) => broken.some((b) => b === r || b.startsWith(`${r}.`) || r.startsWith(`${b}.`)))) continue;
    const failure = checkFailure(check, record);
    if (!failure) continue;
    addEntityError(tree, failure.message, at);
    if (failure.field !== undefined && failure.fieldMessage !== undefined)
      setError(tree, [...at, ...failure.field.split('.')], failure.fieldMessage);
  }
}
