// What a stored row refers to, for the database's own foreign keys (ai_gateway_refs): an
// entity row refers to each entity its foreign-key fields name (a route to its service, a
// plugin to its scope, a membership to its group and consumer); a unique-index row refers to
// the entity that owns the value. The database then refuses to commit a row whose referent is
// gone, whatever the engine decided.
import { entityKey } from '../keys.js';
import { ENTITY_TYPES, type EntityTypeName } from '../types.js';

export interface RowRef {
  readonly field: string;
  readonly parent: string;
}

export function referencesOf(key: string, value: unknown): RowRef[] {
  const [kind, ws, type] = key.split('|', 3) as [string, string | undefined, string | undefined];
  if (ws === undefined || type === undefined || !(type in ENTITY_TYPES)) return [];
  const def = ENTITY_TYPES[type as EntityTypeName];
  if (kind === 'u') return typeof value === 'string' ? [{ field: '#owner', parent: entityKey(ws, def.name, value) }] : [];
  if (kind !== 'e' || value === null || typeof value !== 'object') return [];
  const out: RowRef[] = [];
  for (const f of def.foreignKeys) {
    const id = ((value as Record<string, unknown>)[f.field] as { id?: unknown } | null | undefined)?.id;
    if (typeof id === 'string') out.push({ field: f.field, parent: entityKey(ws, f.references, id) });
  }
  return out;
}
