// Turns a declarative attribute table (e.g. src/schemas' Kong field view: path, type, required,
// default, enum, sensitive, description, Terraform mode) into framework attributes, so one
// table yields the Terraform schema. Typed structurally: the framework does not import the table's
// module. Records become SINGLE nested attributes, arrays/sets of records LIST/SET nested ones.
// Optional+computed records without a default plan as null when omitted, as the official provider does.
import { cty, type CtyType } from '../../cty/index.js';
import type { JsValue } from '../values.js';
import { attr, type AttributeSpec, type Attributes } from './attribute.js';
import { validate, type Validator } from './validator.js';

type TableType = 'string' | 'number' | 'integer' | 'boolean' | 'record' | 'array' | 'set' | 'map' | 'json';

export interface TableElementType {
  readonly type: TableType;
  readonly element?: TableElementType;
  readonly enum?: readonly (string | number)[];
}

export interface TableAttribute {
  readonly path: string;
  readonly name: string;
  readonly type: TableType;
  readonly element?: TableElementType;
  readonly default: unknown;
  readonly enum?: readonly (string | number)[];
  readonly between?: readonly [number, number];
  readonly gt?: number;
  readonly lenMin?: number;
  readonly lenMax?: number;
  readonly startsWith?: string;
  readonly sensitive: boolean;
  readonly deprecation?: string;
  readonly description?: string;
  readonly terraform: { readonly required: boolean; readonly optional: boolean; readonly computed: boolean };
  readonly attributes?: readonly TableAttribute[];
  readonly nesting?: 'single' | 'list' | 'set';
}

/** The cty type of a table element (records are nested attributes, never elements). */
export function ctyOf(t: TableElementType): CtyType {
  switch (t.type) {
    case 'string':
    case 'json':
      return cty.string;
    case 'number':
    case 'integer':
      return cty.number;
    case 'boolean':
      return cty.bool;
    case 'array':
      return cty.list(ctyOf(t.element ?? { type: 'string' }));
    case 'set':
      return cty.set(ctyOf(t.element ?? { type: 'string' }));
    case 'map':
      return cty.map(ctyOf(t.element ?? { type: 'string' }));
    case 'record':
      throw new TypeError('a record element must be a nested attribute');
  }
}

/** The per-value rules an attribute table can carry (ours in src/schemas, or a generated one). */
export type TableRules = Pick<TableAttribute, 'type' | 'element' | 'enum' | 'between' | 'gt' | 'lenMin' | 'lenMax' | 'startsWith'> & { readonly attributes?: readonly unknown[] };

/** The table's per-value rules (enum, range, length, prefix) as validators: derived, never restated. */
export function validatorsOf(a: TableRules): Validator[] {
  const out: Validator[] = [];
  if (a.enum) out.push(validate.oneOf(...a.enum));
  if (a.between) out.push(validate.between(a.between[0], a.between[1]));
  if (a.gt !== undefined) out.push(validate.greaterThan(a.gt));
  if (a.startsWith !== undefined) out.push(validate.startsWith(a.startsWith));
  const isCollection = a.type === 'array' || a.type === 'set';
  if (isCollection && a.lenMax !== undefined) out.push(validate.sizeAtMost(a.lenMax));
  else if (a.lenMin !== undefined && a.lenMax !== undefined) out.push(validate.lengthBetween(a.lenMin, a.lenMax));
  else if (a.lenMax !== undefined) out.push(validate.lengthAtMost(a.lenMax));
  else if (a.lenMin !== undefined) out.push(validate.lengthAtLeast(a.lenMin));
  if (isCollection && a.element?.enum && !a.attributes) out.push(validate.eachOneOf(a.element.enum, { indexed: a.type === 'array' }));
  return out;
}

/** One table attribute → a framework attribute spec. */
export function attributeFromTable(a: TableAttribute): AttributeSpec {
  const mode = a.terraform;
  const validators = validatorsOf(a);
  const opts = {
    ...(mode.required ? { required: true } : {}),
    ...(mode.optional ? { optional: true } : {}),
    ...(mode.computed ? { computed: true } : {}),
    ...(a.sensitive ? { sensitive: true } : {}),
    ...(a.description ? { description: a.description } : {}),
    // Kong's `deprecation` (a gateway-side warning) is not Terraform's `deprecated`: the official
    // provider marks none of those attributes (upstream_path among them), so neither do we.
    ...(validators.length ? { validators } : {}),
  };
  const isRecord = a.type === 'record' || (a.attributes !== undefined && a.nesting !== undefined);
  if (isRecord && a.attributes) {
    const inner = attributesFromTable(a.attributes);
    const withDefault = mode.computed && !mode.required ? { ...opts, default: null } : opts;
    if (a.nesting === 'list') return attr.listNested(inner, opts);
    if (a.nesting === 'set') return attr.setNested(inner, opts);
    return attr.single(inner, withDefault);
  }
  const type = ctyOf({ type: a.type, ...(a.element ? { element: a.element } : {}) });
  const hasDefault = mode.computed && a.default !== undefined && a.default !== null;
  return { ...opts, kind: 'value', type, ...(hasDefault ? { default: a.default as JsValue } : {}) };
}

export function attributesFromTable(table: readonly TableAttribute[]): Attributes {
  return Object.fromEntries(table.map((a) => [a.name, attributeFromTable(a)]));
}
