// One compiled schema: its table, its entity checks, the zod validator built from the table,
// and the two operations every user needs — fill defaults, validate into Kong's error tree.
import type { z } from 'zod';
import type { NamedField } from './field.js';
import type { EntityCheck } from './entity-checks.js';
import { getPath, runEntityChecks } from './entity-checks.js';
import { fillDefaultsFor, isPlainObject } from './defaults.js';
import { recordSchema } from './to-zod.js';
import { type ErrorTree, schemaViolationMessage, subtreeAt, treeFromIssues } from './error-tree.js';

export interface CheckGroup {
  /** Where the checked record is, e.g. `['config']`; `[]` for the entity itself. */
  readonly at: readonly string[];
  readonly checks: readonly EntityCheck[];
  /**
   * `at` is an array of records (e.g. ai-proxy-advanced's `config.targets`): the checks run on
   * each element, as Kong runs an element schema's entity checks; errors land in that
   * element's `@entity` (`{"config": {"targets": [null, {"@entity": [...]}]}}`).
   */
  readonly each?: boolean;
}

export type Validation<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly fields: ErrorTree; readonly message: string };

export interface CompiledSchema<T> {
  readonly fields: readonly NamedField[];
  readonly checks: readonly CheckGroup[];
  /** Kong's default filling; non-objects are returned unchanged. */
  fillDefaults(input: unknown): unknown;
  /** Fill defaults, then validate fields and entity checks. The value is never normalised. */
  validate(input: unknown): Validation<T>;
  /** Validate without filling defaults (the input is taken as already complete). */
  validateFilled(input: unknown): Validation<T>;
}

export function compileSchema<T>(fields: readonly NamedField[], checks: readonly CheckGroup[] = []): CompiledSchema<T> {
  let zodSchema: z.ZodType | undefined;
  const schema = () =>
    (zodSchema ??= recordSchema(fields, (iss) =>
      iss.code === undefined || iss.code === 'invalid_type' ? 'expected a record' : undefined,
    ));

  function validateFilled(input: unknown): Validation<T> {
    const parsed = schema().safeParse(input);
    const tree: ErrorTree = parsed.success ? {} : treeFromIssues(parsed.error.issues);
    if (isPlainObject(input)) {
      for (const group of checks) {
        const record = group.at.length ? getPath(input, group.at.join('.')) : input;
        if (group.each) {
          if (Array.isArray(record)) record.forEach((item, i) => isPlainObject(item) && runElementChecks(group, item, i, tree));
        } else if (isPlainObject(record)) runEntityChecks(group.checks, record, tree, group.at);
      }
    }
    if (Object.keys(tree).length === 0) return { ok: true, value: input as T };
    return { ok: false, fields: tree, message: schemaViolationMessage(tree) };
  }

  return {
    fields,
    checks,
    fillDefaults: (input) => fillDefaultsFor(fields, input),
    validate: (input) => validateFilled(fillDefaultsFor(fields, input)),
    validateFilled,
  };
}

/**
 * One array element's checks, against that element's own error subtree (so a broken field of
 * one element skips only the checks of that element); the subtree is placed in the tree only
 * when it holds an error.
 */
function runElementChecks(group: CheckGroup, item: Record<string, unknown>, i: number, tree: ErrorTree): void {
  const path = [...group.at, i];
  const existing = subtreeAt(tree, path, false);
  if (existing === null) return; // the whole element already has a message (e.g. `expected a record`)
  const local: ErrorTree = existing ?? {};
  runEntityChecks(group.checks, item, local);
  if (existing === undefined && Object.keys(local).length > 0) Object.assign(subtreeAt(tree, path, true)!, local);
}
