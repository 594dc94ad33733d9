// Key layout in the KeyValueStore. `ws` is a workspace (for Konnect: a control plane id).
// Unique-index keys carry a user's value (a name, a key-auth key…); a long one is replaced by
// its SHA-256 so that no value, however long, can exceed the store's key size.
import { createHash } from 'node:crypto';
import type { EntityTypeName } from './types.js';

/** Values up to this many UTF-8 bytes are kept verbatim in index keys. */
const VERBATIM_BYTES = 256;
/** Starts every hashed value; a verbatim value starting with it is hashed too, so none collide. */
const HASHED = '\u0000sha256:';

function indexValue(value: string): string {
  if (value.length * 3 <= VERBATIM_BYTES && !value.startsWith(HASHED)) return value;
  if (Buffer.byteLength(value) <= VERBATIM_BYTES && !value.startsWith(HASHED)) return value;
  return HASHED + createHash('sha256').update(value).digest('hex');
}

export const entityPrefix = (ws: string, type: EntityTypeName) => `e|${ws}|${type}|`;
export const entityKey = (ws: string, type: EntityTypeName, id: string) => `e|${ws}|${type}|${id}`;
export const uniqueKey = (ws: string, type: EntityTypeName, field: string, value: string) =>
  `u|${ws}|${type}|${field}|${indexValue(value)}`;
export const workspacePrefixes = (ws: string) => [`e|${ws}|`, `u|${ws}|`];

export const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const isUuid = (s: string) => UUID_RE.test(s);
