// Import ids that are a JSON object of named keys (the official format for nested resources,
// e.g. `{"consumer_group_id": "…", "consumer_id": "…", "control_plane_id": "…"}`): exactly the
// given keys, each a non-empty string, or an error that shows the expected format for both the
// CLI and an `import {}` block.
import type { Diagnostics } from '../../common/index.js';

/**
 * Parses `id` for `typeName`; `example` gives every key in order with an example value. On a
 * malformed id adds an error naming the expected format and returns undefined.
 */
export function parseJsonImportId<K extends string>(id: string, typeName: string, example: Readonly<Record<K, string>>, diags: Diagnostics): Record<K, string> | undefined {
  const keys = Object.keys(example) as K[];
  const format = `{${keys.map((k) => `"${k}": "${example[k]}"`).join(', ')}}`;
  const howTo =
    `The import ID of ${typeName} is a JSON object string with the format '${format}'. For example:\n\n` +
    `    terraform import ${typeName}.example '${format}'\n\n` +
    `or in an import block: id = jsonencode({ ${keys.map((k) => `${k} = "${example[k]}"`).join(', ')} })`;
  const fail = (problem: string) => {
    diags.addError('Invalid ID', `${problem}\n\n${howTo}`);
    return undefined;
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(id);
  } catch {
    return fail(`The import ID ${JSON.stringify(id)} is not valid JSON.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail(`The import ID ${JSON.stringify(id)} is not a JSON object.`);
  const obj = parsed as Record<string, unknown>;
  const unknown = Object.keys(obj).filter((k) => !(keys as string[]).includes(k));
  if (unknown.length > 0) return fail(`The import ID has unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')}.`);
  const out = {} as Record<K, string>;
  for (const key of keys) {
    const v = obj[key];
    if (v === undefined) return fail(`The field ${key} is required but was not found in the JSON encoded ID.`);
    if (typeof v !== 'string' || v === '') return fail(`The field ${key} of the import ID must be a non-empty string, got ${JSON.stringify(v)}.`);
    out[key] = v;
  }
  return out;
}
