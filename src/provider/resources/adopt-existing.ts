// Create, safe to repeat. When Konnect answers a create with "already exists" (409, or Kong's
// unique-constraint 400) — typically because an earlier apply was interrupted after Konnect had
// made the object but before its answer reached Terraform, or because a retried POST met the
// object its first attempt made — look up the object holding the unique key:
//  - it matches what this resource asks for (every value the create body sets; server-computed
//    fields and values left unset are not compared) → take it into state, with a warning;
//  - it differs → one error naming the differing fields (never their values) and the exact
//    `import` block that brings it under this resource.
import type { Diagnostics } from '../../common/index.js';
import { KonnectError } from '../../konnect/index.js';
import type { KonnectProviderData } from '../provider-data.js';
import { konnectCall, type KonnectCallOptions } from './konnect-call.js';

type Obj = Readonly<Record<string, unknown>>;

interface CallContext {
  readonly providerData: KonnectProviderData | undefined;
  readonly diagnostics: Diagnostics;
  readonly signal: AbortSignal;
}

export interface AdoptionSpec<T> {
  readonly typeName: string;
  /** The unique key in words, e.g. `name "hf-service"`. */
  readonly key: string;
  /** What to change to avoid the collision: "name", "username or custom_id", "scope". */
  readonly keyField: string;
  /** Where it lives, e.g. `control plane 9524ec7d-…` (empty for control planes). */
  readonly where: string;
  /** The create body: every value in it that is not null is compared with the existing object. */
  readonly wanted: Obj;
  /** The object holding the key, or undefined (the conflict was about something else). */
  readonly find: (data: KonnectProviderData, signal: AbortSignal) => Promise<T | undefined>;
  /** The existing object as comparable with `wanted` (e.g. control planes lift `config.*`). */
  readonly comparable?: (existing: T) => Obj;
  /** The HCL expression of the import id, e.g. `jsonencode({ control_plane_id = "…", id = "…" })`. */
  readonly importId: (existing: T) => string;
}

const SERVER_FIELDS = new Set(['id', 'created_at', 'updated_at']);

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isEmpty = (v: unknown) => v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (isObj(v) && Object.keys(v).length === 0);

/** A canonical text of a value: object keys sorted, null-valued keys dropped. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObj(v)) {
    const keys = Object.keys(v).filter((k) => v[k] !== null && v[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** Lists compare without order (sets such as `protocols` come back in the server's order). */
function sameList(a: readonly unknown[], b: unknown): boolean {
  if (!Array.isArray(b) || a.length !== b.length) return false;
  const left = a.map(canonical).sort();
  const right = b.map(canonical).sort();
  return left.every((x, i) => x === right[i]);
}

/** Dotted paths of the values `wanted` sets that `existing` does not hold. */
export function differingFields(wanted: Obj, existing: Obj, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, w] of Object.entries(wanted)) {
    if (prefix === '' && SERVER_FIELDS.has(k)) continue;
    const path = prefix ? `${prefix}.${k}` : k;
    const e = existing[k];
    if (w === null || w === undefined) continue; // unset: Konnect decides
    if (isEmpty(w) && isEmpty(e)) continue; // [] / {} and null mean the same
    if (isObj(w)) {
      if (!isObj(e)) out.push(path);
      else out.push(...differingFields(w, e, path));
    } else if (Array.isArray(w)) {
      if (!sameList(w, e)) out.push(path);
    } else if (w !== e) {
      out.push(path);
    }
  }
  return out;
}

/** The import block to write, with the id filled in (Terraform does not tell a provider the resource's address). */
export function importBlock(typeName: string, importId: string): string {
  return [
    'import {',
    `  to = ${typeName}.example # this resource's address: the "with ${typeName}.…" line of this error`,
    `  id = ${importId}`,
    '}',
  ].join('\n');
}

/** `jsonencode({ control_plane_id = "…", id = "…" })`: the official import id of a core entity. */
export const entityImportId = (controlPlaneId: string, id: string): string =>
  `jsonencode({ control_plane_id = ${JSON.stringify(controlPlaneId)}, id = ${JSON.stringify(id)} })`;

const isConflict = (err: unknown): err is KonnectError => KonnectError.is(err) && err.code === 'KONNECT_ERR_CONFLICT';

/**
 * Runs `create`; on a uniqueness conflict resolves it as described above. Resolves to the created
 * or adopted object, or undefined with the diagnostics added.
 */
export async function createOrAdopt<T>(
  req: CallContext,
  opts: KonnectCallOptions,
  spec: AdoptionSpec<T>,
  create: (data: KonnectProviderData, signal: AbortSignal) => Promise<T>,
): Promise<T | undefined> {
  const r = await konnectCall(req, opts, async (data, signal) => {
    try {
      return { created: await create(data, signal) };
    } catch (err) {
      if (!isConflict(err)) throw err;
      const existing = await spec.find(data, signal);
      if (existing === undefined) throw err; // a conflict about something else: report it as it is
      return { existing, conflict: err };
    }
  });
  if (r === null || r === undefined) return undefined;
  if ('created' in r) return r.created;

  const existing = r.existing;
  const id = String((existing as Obj).id ?? '');
  const where = spec.where ? ` in ${spec.where}` : '';
  const diffs = differingFields(spec.wanted, spec.comparable ? spec.comparable(existing) : (existing as Obj));
  if (diffs.length === 0) {
    req.diagnostics.addWarning(
      `${spec.typeName} with ${spec.key} already existed in Konnect; taken into state`,
      `The ${spec.typeName} with ${spec.key}${where} (id ${id}) already existed in Konnect with the same configuration ` +
        '(an earlier apply was probably interrupted after Konnect created it but before its answer arrived); taken into state. ' +
        'Nothing was created twice.',
    );
    return existing;
  }
  req.diagnostics.addError(
    `Already exists in Konnect (${opts.action})`,
    `A ${spec.typeName} with ${spec.key} already exists${where} (id ${id}), and it differs from this resource's configuration in: ` +
      `${diffs.join(', ')}. Terraform does not manage it yet.\n\n` +
      'To manage it with this resource, add this import block and run terraform apply again (the apply then changes it to this configuration):\n\n' +
      `${importBlock(spec.typeName, spec.importId(existing))}\n\n` +
      `Or change this resource's ${spec.keyField}, or delete the existing object in Konnect.`,
  );
  return undefined;
}
