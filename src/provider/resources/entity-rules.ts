// Kong's cross-field rules (entity checks) of a resource's table, run at `terraform validate`:
// the checks come from the compiled schema in src/schemas (never restated here), each becomes an
// attribute error naming the field, and a check that reads any value not known yet (an unknown
// anywhere at, above or below a field it reads) is skipped — it runs again when Konnect gets the
// object at apply.
import { AttributePath, type Diagnostics } from '../../common/index.js';
import { isUnknown } from '../../cty/index.js';
import { withoutUnknowns, type JsObject, type JsValue } from '../../framework/index.js';
import { checkFailure, checkReads, getPath, type CheckGroup } from '../../schemas/index.js';

const isObj = (v: unknown): v is Record<string, JsValue> => typeof v === 'object' && v !== null && !Array.isArray(v) && !isUnknown(v);

/** Dotted paths of every unknown in `value`; a list with an unknown member counts as unknown itself. */
export function unknownPaths(value: JsValue | undefined, prefix = ''): string[] {
  if (isUnknown(value)) return [prefix];
  if (Array.isArray(value)) return value.some((e) => unknownPaths(e).length > 0) ? [prefix] : [];
  if (!isObj(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => unknownPaths(v, prefix ? `${prefix}.${k}` : k));
}

const related = (a: string, b: string) => a === b || a === '' || b === '' || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

/** The deepest record path all of `fields` share ('' for the record itself). */
function commonParent(fields: readonly string[]): string {
  const split = fields.map((f) => f.split('.').slice(0, -1));
  const first = split[0] ?? [];
  let n = 0;
  while (n < first.length && split.every((s) => s[n] === first[n])) n++;
  return first.slice(0, n).join('.');
}

const pathOf = (dotted: string): AttributePath => (dotted ? AttributePath.of(...dotted.split('.')) : AttributePath.root);

/**
 * Run `groups` (a compiled schema's `checks`) over `value`, the resource's configuration with
 * defaults filled (ValidateConfigRequest.withDefaults), shaped like the entity Konnect gets.
 */
export function checkEntityRules(groups: readonly CheckGroup[], value: JsObject, diags: Diagnostics): void {
  // As Kong does, a rule reading a field that already has an error (e.g. an enum typo) is skipped.
  // (`protocols[1]` counts as `protocols`: rules read whole lists.)
  const errored = [...diags].filter((d) => d.severity === 'error' && d.path && !d.path.isRoot).map((d) => d.path!.toString().replace(/\[.*$/, ''));
  const unknown = [...unknownPaths(value), ...errored];
  const known = withoutUnknowns(value);
  for (const group of groups) {
    const at = group.at.join('.');
    const record = at ? getPath(known, at) : known;
    if (!isObj(record)) continue;
    for (const check of group.checks) {
      const reads = checkReads(check).map((f) => (at ? `${at}.${f}` : f));
      if (reads.some((r) => unknown.some((u) => related(r, u)))) continue;
      const failure = checkFailure(check, record);
      if (!failure) continue;
      // The field a conditional is about; else the record the fields share; else the first field.
      const field = failure.field ?? (commonParent(checkReads(check)) || checkReads(check)[0] || '');
      const path = pathOf(at && field ? `${at}.${field}` : at || field);
      const fields = checkReads(check).map((f) => (at ? `${at}.${f}` : f)).join(', ');
      diags.addAttributeError(
        path,
        'Invalid attribute combination',
        `${path.toString() || 'The resource'}: ${failure.message}${failure.fieldMessage ? ` (${failure.fieldMessage})` : ''}. ` +
          `Change ${fields} so that the rule holds: Konnect refuses the object otherwise.`,
      );
    }
  }
}
