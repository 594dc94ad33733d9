// The declarative field vocabulary every Kong schema in this folder is written in: one
// attribute table per schema, from which validation (zod), default filling, the read-only view
// (for the Terraform schema and docs) and the TypeScript value types are all derived.

export type FieldType =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'record'
  | 'array'
  | 'set'
  | 'map'
  | 'json';

interface Common {
  /** Kong's `required = true`: null or absent is `required field missing` (after defaults). */
  readonly required?: boolean;
  /** Kong's default, filled when the key is absent. */
  readonly default?: unknown;
  /** Explicit null is accepted (and kept) even though Kong marks the field required. */
  readonly nullable?: boolean;
  /** The official provider's description text, verbatim. */
  readonly description?: string;
  /** A secret: never logged, marked sensitive in the Terraform schema. */
  readonly sensitive?: boolean;
  /** Kong's `encrypted = true` (keyring). */
  readonly encrypted?: boolean;
  /** Kong's `referenceable = true` (vault references allowed). */
  readonly referenceable?: boolean;
  /** A deprecation warning text (Kong's `deprecation.message`). */
  readonly deprecation?: string;
  /**
   * Terraform mode overrides where the official provider's generated schema departs from the
   * rule in view.ts (terraformMode). Checked attribute by attribute against the provider's schema.
   */
  readonly tf?: { readonly computed?: boolean; readonly required?: boolean; readonly omit?: boolean };
}

export interface StringField extends Common {
  readonly type: 'string';
  readonly enum?: readonly string[];
  readonly typedef?: 'url' | 'uuid';
  readonly lenMin?: number;
  readonly lenMax?: number;
  /** Kong's `starts_with`. */
  readonly startsWith?: string;
}

export interface NumberField extends Common {
  readonly type: 'number' | 'integer';
  readonly enum?: readonly number[];
  readonly between?: readonly [number, number];
  readonly gt?: number;
}

export interface BooleanField extends Common {
  readonly type: 'boolean';
}

export interface JsonField extends Common {
  readonly type: 'json';
}

export interface RecordField extends Common {
  readonly type: 'record';
  readonly fields: readonly NamedField[];
  /** A foreign key (`{ "id": … }`): never built from defaults. */
  readonly foreign?: boolean;
}

export interface ArrayField extends Common {
  readonly type: 'array' | 'set';
  readonly elements: Field;
  /** Kong's `len_min` on an array (`length must be at least N`). */
  readonly lenMin?: number;
  readonly lenMax?: number;
}

export interface MapField extends Common {
  readonly type: 'map';
  readonly keys: Field;
  readonly values: Field;
}

export type Field = StringField | NumberField | BooleanField | JsonField | RecordField | ArrayField | MapField;
export type NamedField = Field & { readonly name: string };

type Opts<F> = Omit<F, 'type' | 'fields' | 'elements' | 'keys' | 'values'>;

// Builders keep literal types (`const` type parameters) so value types can be inferred from
// the table itself (infer.ts) instead of being written out a second time.
export function str<const N extends string, const O extends Opts<StringField> = {}>(name: N, opts?: O) {
  return { name, type: 'string', ...opts } as { readonly name: N; readonly type: 'string' } & O;
}
export function num<const N extends string, const O extends Opts<NumberField> = {}>(name: N, opts?: O) {
  return { name, type: 'number', ...opts } as { readonly name: N; readonly type: 'number' } & O;
}
export function int<const N extends string, const O extends Opts<NumberField> = {}>(name: N, opts?: O) {
  return { name, type: 'integer', ...opts } as { readonly name: N; readonly type: 'integer' } & O;
}
export function bool<const N extends string, const O extends Opts<BooleanField> = {}>(name: N, opts?: O) {
  return { name, type: 'boolean', ...opts } as { readonly name: N; readonly type: 'boolean' } & O;
}
export function json<const N extends string, const O extends Opts<JsonField> = {}>(name: N, opts?: O) {
  return { name, type: 'json', ...opts } as { readonly name: N; readonly type: 'json' } & O;
}
export function rec<const N extends string, const FS extends readonly NamedField[], const O extends Opts<RecordField> = {}>(
  name: N,
  fields: FS,
  opts?: O,
) {
  return { name, type: 'record', fields, ...opts } as { readonly name: N; readonly type: 'record'; readonly fields: FS } & O;
}
export function arr<const N extends string, const E extends Field, const O extends Opts<ArrayField> = {}>(
  name: N,
  elements: E,
  opts?: O,
) {
  return { name, type: 'array', elements, ...opts } as { readonly name: N; readonly type: 'array'; readonly elements: E } & O;
}
export function set<const N extends string, const E extends Field, const O extends Opts<ArrayField> = {}>(
  name: N,
  elements: E,
  opts?: O,
) {
  return { name, type: 'set', elements, ...opts } as { readonly name: N; readonly type: 'set'; readonly elements: E } & O;
}
export function map<const N extends string, const K extends Field, const V extends Field, const O extends Opts<MapField> = {}>(
  name: N,
  keys: K,
  values: V,
  opts?: O,
) {
  return { name, type: 'map', keys, values, ...opts } as {
    readonly name: N;
    readonly type: 'map';
    readonly keys: K;
    readonly values: V;
  } & O;
}

/** Unnamed element types for arrays, sets and maps. */
export const el = {
  str: <const O extends Opts<StringField> = {}>(opts?: O) =>
    ({ type: 'string', ...opts }) as { readonly type: 'string' } & O,
  int: <const O extends Opts<NumberField> = {}>(opts?: O) =>
    ({ type: 'integer', ...opts }) as { readonly type: 'integer' } & O,
  num: <const O extends Opts<NumberField> = {}>(opts?: O) =>
    ({ type: 'number', ...opts }) as { readonly type: 'number' } & O,
  rec: <const FS extends readonly NamedField[], const O extends Opts<RecordField> = {}>(fields: FS, opts?: O) =>
    ({ type: 'record', fields, ...opts }) as { readonly type: 'record'; readonly fields: FS } & O,
  arr: <const E extends Field>(elements: E) => ({ type: 'array', elements }) as { readonly type: 'array'; readonly elements: E },
};

/** Kong's foreign key: `{ "id": "<uuid>" }` or null. */
export function foreign<const N extends string, const O extends Opts<RecordField> = {}>(name: N, opts?: O) {
  return rec(name, [str('id', { typedef: 'uuid', tf: { computed: true } })] as const, { ...opts, foreign: true } as O & { foreign: true });
}

/** A whole schema: the top-level record's fields. */
export interface RecordSchema {
  readonly fields: readonly NamedField[];
}
