// The engine's errors as values, in Kong's vocabulary (kong/db/errors.lua): each carries Kong's
// code, name, message and `fields` tree. HTTP layers pick the status and envelope.
import type { ErrorTree } from '../schemas/index.js';

export type EntityErrorKind =
  | 'schema_violation'
  | 'primary_key_violation'
  | 'foreign_key_violation'
  | 'unique_violation'
  | 'not_found'
  | 'invalid_offset'
  | 'invalid_size'
  | 'invalid_unique';

const CODES: Record<EntityErrorKind, { code: number; name: string }> = {
  schema_violation: { code: 2, name: 'schema violation' },
  primary_key_violation: { code: 3, name: 'primary key violation' },
  foreign_key_violation: { code: 4, name: 'foreign key violation' },
  unique_violation: { code: 5, name: 'unique constraint violation' },
  not_found: { code: 6, name: 'not found' },
  invalid_offset: { code: 7, name: 'invalid offset' },
  invalid_size: { code: 9, name: 'invalid size' },
  invalid_unique: { code: 10, name: 'invalid unique' },
};

export interface EntityError {
  readonly kind: EntityErrorKind;
  readonly code: number;
  readonly name: string;
  readonly message: string;
  readonly fields?: ErrorTree | Record<string, unknown>;
  /** The field an `invalid_unique` error is about (Kong names it: `invalid unique name`). */
  readonly field?: string;
}

export function entityError(kind: EntityErrorKind, message: string, fields?: EntityError['fields']): EntityError {
  return { kind, ...CODES[kind], message, ...(fields ? { fields } : {}) };
}

/**
 * Kong's answer to a lookup by an endpoint key (`GET /services/{name}`) whose value that field
 * could never hold: `{"code":10,"name":"invalid unique name","message":"…"}` (kong/db/dao).
 */
export function invalidUnique(field: string, message: string): EntityError {
  return { kind: 'invalid_unique', code: CODES.invalid_unique.code, name: `invalid unique ${field}`, message, field };
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: EntityError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: EntityError): Result<T> => ({ ok: false, error });

/** Lua-table notation Kong uses in messages: `{id="…"}`, `{name="x"}`. */
export function luaTable(obj: Record<string, unknown>): string {
  const parts = Object.entries(obj).map(([k, v]) => `${k}=${v === null ? 'null' : typeof v === 'object' ? luaTable(v as Record<string, unknown>) : JSON.stringify(v)}`);
  return `{${parts.join(',')}}`;
}
