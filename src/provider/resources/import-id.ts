// Import ids of the core-entity resources: the official JSON object string
// `{"control_plane_id": "<uuid>", "id": "<uuid>"}` (exactly these two keys, both non-empty), with
// errors that show the expected format — including for the older `service_id`-style keys that
// the official docs once printed (kong/terraform-provider-konnect issue #153).
import type { Diagnostics } from '../../common/index.js';

export const CONTROL_PLANE_ID_EXAMPLE = '9524ec7d-36d9-465d-a8c5-83a3c9390458';

/** The expected format, as the official provider prints it, for one example id. */
export function ENTITY_IMPORT_EXAMPLE(exampleId: string): string {
  return `{"control_plane_id": "${CONTROL_PLANE_ID_EXAMPLE}", "id": "${exampleId}"}`;
}

export interface EntityImportId {
  readonly control_plane_id: string;
  readonly id: string;
}

/**
 * Parses `id` for `typeName`; on a malformed id adds an error naming the expected format and
 * returns undefined. `exampleId` goes into the message.
 */
export function parseEntityImportId(id: string, typeName: string, exampleId: string, diags: Diagnostics): EntityImportId | undefined {
  const format = ENTITY_IMPORT_EXAMPLE(exampleId);
  const howTo =
    `The import ID of ${typeName} is a JSON object string with the format '${format}'. For example:\n\n` +
    `    terraform import ${typeName}.example '${format}'\n\n` +
    `or in an import block: id = jsonencode({ control_plane_id = "${CONTROL_PLANE_ID_EXAMPLE}", id = "${exampleId}" })`;
  const fail = (problem: string) => {
    diags.addError('Invalid ID', `${problem}\n\n${howTo}`);
    return undefined;
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(id);
  } catch {
    const bare = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id.trim());
    return fail(
      bare
        ? `The import ID ${JSON.stringify(id)} is a bare UUID; ${typeName} also needs the control plane it belongs to.`
        : `The import ID ${JSON.stringify(id)} is not valid JSON.`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail(`The import ID ${JSON.stringify(id)} is not a JSON object.`);
  const obj = parsed as Record<string, unknown>;
  const unknown = Object.keys(obj).filter((k) => k !== 'id' && k !== 'control_plane_id');
  if (unknown.length > 0) {
    const legacy = unknown.find((k) => k.endsWith('_id'));
    const hint = legacy ? ` (older documentation used "${legacy}"; the key is now "id")` : '';
    return fail(`The import ID has unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')}${hint}.`);
  }
  for (const key of ['control_plane_id', 'id'] as const) {
    const v = obj[key];
    if (v === undefined) {
      diags.addError('Missing required field', `The field ${key} is required but was not found in the JSON encoded ID.\n\n${howTo}`);
      return undefined;
    }
    if (typeof v !== 'string' || v === '') return fail(`The field ${key} of the import ID must be a non-empty string, got ${JSON.stringify(v)}.`);
  }
  return { control_plane_id: obj.control_plane_id as string, id: obj.id as string };
}

/**
 * The official import id of a resource whose id has other keys too (`konnect_gateway_key_auth`:
 * consumer_id, control_plane_id, id): a JSON object with exactly the keys of `example`, each a
 * non-empty string. The two-key form goes through parseEntityImportId (its messages name the
 * older `service_id`-style keys).
 */
export function parseImportId(id: string, typeName: string, example: Readonly<Record<string, string>>, diags: Diagnostics): Record<string, string> | undefined {
  const keys = Object.keys(example);
  if (keys.length === 2 && keys.includes('id') && keys.includes('control_plane_id')) {
    const r = parseEntityImportId(id, typeName, example.id ?? '', diags);
    return r ? { ...r } : undefined;
  }
  const format = `{${keys.map((k) => `${JSON.stringify(k)}: ${JSON.stringify(example[k])}`).join(', ')}}`;
  const howTo =
    `The import ID of ${typeName} is a JSON object string with the format '${format}'. For example:\n\n` +
    `    terraform import ${typeName}.example '${format}'\n\n` +
    `or in an import block: id = jsonencode({ ${keys.map((k) => `${k} = ${JSON.stringify(example[k])}`).join(', ')} })`;
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
  const unknown = Object.keys(obj).filter((k) => !keys.includes(k));
  if (unknown.length > 0) return fail(`The import ID has unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')}.`);
  for (const key of keys) {
    const v = obj[key];
    if (v === undefined) {
      diags.addError('Missing required field', `The field ${key} is required but was not found in the JSON encoded ID.\n\n${howTo}`);
      return undefined;
    }
    if (typeof v !== 'string' || v === '') return fail(`The field ${key} of the import ID must be a non-empty string, got ${JSON.stringify(v)}.`);
  }
  return Object.fromEntries(keys.map((k) => [k, obj[k] as string]));
}
