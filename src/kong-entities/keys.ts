// Key layout in the KeyValueStore. `ws` is a workspace (for Konnect: a control plane id).
import type { EntityTypeName } from './types.js';

export const entityPrefix = (ws: string, type: EntityTypeName) => `e|${ws}|${type}|`;
export const entityKey = (ws: string, type: EntityTypeName, id: string) => `e|${ws}|${type}|${id}`;
export const uniqueKey = (ws: string, type: EntityTypeName, field: string, value: string) => `u|${ws}|${type}|${field}|${value}`;
export const workspacePrefixes = (ws: string) => [`e|${ws}|`, `u|${ws}|`];

export const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const isUuid = (s: string) => UUID_RE.test(s);
