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

function fieldsOf(check: EntityCheck): readonly string[] {
  return check.kind === 'conditional' ? [check.ifField, check.thenField] : check.fields;
}

const quoted = (fields: readonly string[]) => fields.map((f) => `'${f}'`).join(', ');

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
    const reads = fieldsOf(check).map((f) => prefix + f);
    if (reads.some((r) => broken.some((b) => b === r || b.startsWith(`${r}.`) || r.startsWith(`${b}.`)))) continue;
    switch (check.kind) {
      case 'mutually_required': {
        const set = check.fields.filter((f) => isSet(getPath(record, f)));
        if (set.length > 0 && set.length < check.fields.length)
          addEntityError(tree, `all or none of these fields must be set: ${quoted(check.fields)}`, at);
        break;
      }
      case 'at_least_one_of': {
        if (!check.fields.some((f) => isSet(getPath(record, f)) && getPath(record, f) !== ''))
          addEntityError(tree, `at least one of these fields must be non-empty: ${quoted(check.fields)}`, at);
        break;
      }
      case 'conditional': {
        const ifValue = getPath(record, check.ifField);
        if (!check.ifOneOf.includes(ifValue)) break;
        const thenValue = getPath(record, check.thenField);
        const then = check.then;
        const ok = 'required' in then ? isSet(thenValue) : thenValue === then.eq(ifValue);
        if (ok) break;
        const err = typeof check.thenErr === 'function' ? check.thenErr(ifValue) : check.thenErr;
        addEntityError(tree, err, at);
        if (check.fieldMessage && 'eq' in then)
          setError(tree, [...at, ...check.thenField.split('.')], `value must be ${String(then.eq(ifValue))}`);
        break;
      }
      case 'custom': {
        const err = check.check(record);
        if (err) addEntityError(tree, err, at);
        break;
      }
    }
  }
}
