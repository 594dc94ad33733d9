// Length caps on the strings an entity is looked up by. Konnect caps names, usernames and
// custom ids at 128 characters (its control plane, Kong/koko: typedefs `maxNameLength`,
// consumer `maxUsernameLength`/`maxCustomIDLength`); Kong OSS's `utf8_name` has no cap, but its
// Postgres unique index fails with a 500 a little above 2.7 KB. One cap, Konnect's, for both
// HTTP layers: a longer value is a schema violation (`length must be at most 128`, Kong's
// LEN_MAX text) on write, and Kong's `invalid unique <field>` (code 10) on lookup.
import type { ErrorTree } from '../schemas/index.js';
import { type EntityError, invalidUnique } from './errors.js';
import { isUuid } from './keys.js';
import type { EntityTypeDef } from './types.js';

export const NAME_MAX = 128;

/** Unicode code points in `s`, counting stops once past `max`. */
function longerThan(s: string, max: number): boolean {
  if (s.length <= max) return false;
  let n = 0;
  for (const _ of s) if (++n > max) return true;
  return false;
}

const tooLong = `length must be at most ${NAME_MAX}`;

/** The capped fields of `entity` that are too long, as Kong's error tree (undefined when none). */
export function lengthErrors(def: EntityTypeDef, entity: Record<string, unknown>): ErrorTree | undefined {
  let tree: ErrorTree | undefined;
  for (const field of def.lengthCapped ?? []) {
    const v = entity[field];
    if (typeof v === 'string' && longerThan(v, NAME_MAX)) (tree ??= {})[field] = tooLong;
  }
  return tree;
}

/**
 * A path reference (`/services/{id or name}`) no entity of this type can have: a non-UUID
 * longer than the endpoint key's cap. Kong answers these with `invalid unique <field>`.
 */
export function refError(def: EntityTypeDef, ref: string): EntityError | undefined {
  if (!def.endpointKey || !(def.lengthCapped ?? []).includes(def.endpointKey) || isUuid(ref)) return undefined;
  return longerThan(ref, NAME_MAX) ? invalidUnique(def.endpointKey, tooLong) : undefined;
}
