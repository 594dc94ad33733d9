// The zod validator derived from an attribute table. Every message is Kong's own field text
// (kong/db/schema/init.lua), set where zod raises the issue, so converting an issue is only a
// matter of placing it in the tree (error-tree.ts).
//
// zod itself loads on the first validator built (compileSchema builds them on first use):
// loading zod costs a provider process ~20 ms and answering GetProviderSchema needs only the
// attribute tables (bench/handshake.bench.ts measures the start-up).
import { createRequire } from 'node:module';
import type * as Zod from 'zod';
import type { ZodString, ZodType } from 'zod';
import type { Field, NamedField, NumberField, StringField } from './field.js';
import { checkUrl } from './url.js';

let loaded: typeof Zod | undefined;

/**
 * zod, on first use. A synchronous `require('zod')` is written out on purpose (these builders
 * are synchronous): esbuild bundles a literal require('x') as a module initialised only when the
 * call runs; from source (tsx, ESM: no `require`) createRequire loads the same package.
 */
function zod(): typeof Zod.z {
  loaded ??= (typeof require === 'function' ? require('zod') : createRequire(import.meta.url)('zod')) as typeof Zod;
  return loaded.z;
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const TYPE_TEXT: Record<Field['type'], string> = {
  string: 'expected a string',
  number: 'expected a number',
  integer: 'expected an integer',
  boolean: 'expected a boolean',
  record: 'expected a record',
  array: 'expected an array',
  set: 'expected a set',
  map: 'expected a map',
  json: 'expected a json value',
};

/** zod's `error` option: missing (null/undefined) → `required field missing`, else the type text. */
function typeError(field: Field) {
  return (iss: { code?: string; input?: unknown }) => {
    if (iss.code !== undefined && iss.code !== 'invalid_type') return undefined;
    return iss.input === undefined || iss.input === null ? 'required field missing' : TYPE_TEXT[field.type];
  };
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(n);
}

function stringSchema(field: StringField): ZodType {
  let s: ZodType<string> = zod().string({ error: typeError(field) });
  const min = field.lenMin ?? 1;
  s = (s as ZodString).min(min, { error: `length must be at least ${min}` });
  if (field.lenMax !== undefined) s = (s as ZodString).max(field.lenMax, { error: `length must be at most ${field.lenMax}` });
  if (field.startsWith !== undefined) {
    const prefix = field.startsWith;
    s = s.refine((v) => v.startsWith(prefix), { error: `should start with: ${prefix}` });
  }
  if (field.enum) {
    const allowed = field.enum;
    s = s.refine((v) => allowed.includes(v), { error: `expected one of: ${allowed.join(', ')}` });
  }
  if (field.typedef === 'uuid') s = s.refine((v) => UUID.test(v), { error: 'expected a valid UUID' });
  if (field.typedef === 'url') {
    s = s.superRefine((v, ctx) => {
      const err = checkUrl(v);
      if (err) ctx.addIssue({ code: 'custom', message: err });
    });
  }
  return s;
}

function numberSchema(field: NumberField): ZodType {
  let n = zod().number({ error: typeError(field) });
  if (field.type === 'integer') n = n.int({ error: 'expected an integer' });
  let s: ZodType<number> = n;
  if (field.between) {
    const [lo, hi] = field.between;
    s = s.refine((v) => v >= lo && v <= hi, {
      error: `value should be between ${formatNumber(lo)} and ${formatNumber(hi)}`,
    });
  }
  if (field.gt !== undefined) {
    const gt = field.gt;
    s = s.refine((v) => v > gt, { error: `value must be greater than ${formatNumber(gt)}` });
  }
  if (field.enum) {
    const allowed = field.enum;
    s = s.refine((v) => allowed.includes(v), { error: `expected one of: ${allowed.join(', ')}` });
  }
  return s;
}

function baseSchema(field: Field): ZodType {
  switch (field.type) {
    case 'string':
      return stringSchema(field);
    case 'number':
    case 'integer':
      return numberSchema(field);
    case 'boolean':
      return zod().boolean({ error: typeError(field) });
    case 'json':
      return zod().unknown();
    case 'record':
      return recordSchema(field.fields, typeError(field));
    case 'array':
    case 'set': {
      let a = zod().array(elementSchema(field.elements), { error: typeError(field) });
      if (field.lenMin !== undefined) a = a.min(field.lenMin, { error: `length must be at least ${field.lenMin}` });
      if (field.lenMax !== undefined) a = a.max(field.lenMax, { error: `length must be at most ${field.lenMax}` });
      return a;
    }
    case 'map':
      return zod().record(elementSchema(field.keys) as ZodType<string>, elementSchema(field.values), {
        error: typeError(field),
      });
  }
}

/** Array/set/map members: null is not a value there. */
function elementSchema(field: Field): ZodType {
  return baseSchema(field);
}

export function fieldSchema(field: Field): ZodType {
  const base = baseSchema(field);
  return field.required && !field.nullable ? base : base.nullable().optional();
}

export function recordSchema(
  fields: readonly NamedField[],
  error?: (iss: { code?: string; input?: unknown }) => string | undefined,
): ZodType {
  const shape: Record<string, ZodType> = {};
  for (const f of fields) shape[f.name] = fieldSchema(f);
  return zod().strictObject(shape, error ? { error } : undefined);
}
