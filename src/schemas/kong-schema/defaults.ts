// Kong's default filling (process_auto_fields on insert): every field of the table ends up
// present — an absent key takes its default, an absent required record is built from its own
// defaults, anything else absent becomes null. Values the client sent are never touched
// (no trimming, reordering or case changes: a provider would see that as drift).
import type { Field, NamedField } from './field.js';

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function copy<T>(v: T): T {
  return v === null || typeof v !== 'object' ? v : (structuredClone(v) as T);
}

function fillValue(field: Field, value: unknown): unknown {
  if (field.type === 'record' && isPlainObject(value)) return fillRecord(field.fields, value);
  if ((field.type === 'array' || field.type === 'set') && Array.isArray(value) && field.elements.type === 'record') {
    const elements = field.elements;
    return value.map((item) => (isPlainObject(item) && elements.type === 'record' ? fillRecord(elements.fields, item) : item));
  }
  return value;
}

function absentValue(field: NamedField): unknown {
  if (field.default !== undefined) return copy(field.default);
  if (field.type === 'record' && field.required && !field.foreign) return fillRecord(field.fields, {});
  return null;
}

/** Fill one record's defaults; returns a new object (table order first, unknown keys kept after). */
export function fillRecord(fields: readonly NamedField[], input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = input[field.name];
    out[field.name] = value === undefined ? absentValue(field) : fillValue(field, value);
  }
  for (const [k, v] of Object.entries(input)) if (!(k in out)) out[k] = v;
  return out;
}

/** Input that is not an object is returned unchanged (the validator reports it). */
export function fillDefaultsFor(fields: readonly NamedField[], input: unknown): unknown {
  return isPlainObject(input) ? fillRecord(fields, input) : input;
}
