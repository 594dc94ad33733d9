// A read-only view of an attribute table: what the provider framework turns into the Terraform
// schema, the gateway into its typed config, and docs into pages. Nothing here restates a
// schema; it only walks one.
import type { Field, FieldType, NamedField } from './field.js';

export interface TerraformMode {
  readonly required: boolean;
  readonly optional: boolean;
  readonly computed: boolean;
}

export interface ElementType {
  readonly type: FieldType;
  readonly element?: ElementType;
  /** The allowed values of a string or number member (e.g. a route's `protocols`). */
  readonly enum?: readonly (string | number)[];
}

function elementTypeOf(field: Field): ElementType {
  if (field.type === 'array' || field.type === 'set') return { type: field.type, element: elementTypeOf(field.elements) };
  if (field.type === 'map') return { type: 'map', element: elementTypeOf(field.values) };
  if ((field.type === 'string' || field.type === 'number' || field.type === 'integer') && field.enum) return { type: field.type, enum: field.enum };
  return { type: field.type };
}

export interface AttributeView {
  /** Dotted path from the schema root; members of lists of records use the parent's path. */
  readonly path: string;
  readonly name: string;
  readonly type: FieldType;
  /** For array/set/map: the member type. */
  readonly elementType?: FieldType;
  /** For array/set/map: the member's type tree (e.g. a map of lists of strings). */
  readonly element?: ElementType;
  /** Kong's `required`. */
  readonly required: boolean;
  /** Kong's default (undefined when there is none). */
  readonly default: unknown;
  readonly enum?: readonly (string | number)[];
  readonly between?: readonly [number, number];
  readonly gt?: number;
  readonly typedef?: 'url' | 'uuid';
  readonly lenMin?: number;
  readonly lenMax?: number;
  /** Kong's `starts_with`. */
  readonly startsWith?: string;
  readonly sensitive: boolean;
  readonly encrypted: boolean;
  readonly referenceable: boolean;
  readonly deprecation?: string;
  readonly description?: string;
  /** How the official Terraform provider exposes the attribute. */
  readonly terraform: TerraformMode;
  /** Records, and arrays/sets of records: their attributes. */
  readonly attributes?: readonly AttributeView[];
  /** How `attributes` nest in Terraform: one object, a list or a set of objects. */
  readonly nesting?: 'single' | 'list' | 'set';
}

function hasRequiredLeaf(field: Field): boolean {
  return field.type === 'record' && field.fields.some((f) => (f.required && f.default === undefined) || hasRequiredLeaf(f));
}

/**
 * The official provider's mode. Required: Kong-required, no default, null not accepted.
 * Computed: anything optional with a non-null default, every record, every enum without a
 * default (Speakeasy's open enums); `tf` in the table overrides where the generator differs.
 */
export function terraformMode(field: Field): TerraformMode {
  const kongRequired =
    !!field.required && field.default === undefined && !field.nullable && (field.type !== 'record' || hasRequiredLeaf(field));
  const required = field.tf?.required ?? kongRequired;
  const enumWithoutDefault = 'enum' in field && field.enum !== undefined && field.default === undefined;
  const computed =
    !required &&
    (field.tf?.computed ??
      ((field.default !== undefined && field.default !== null) || field.type === 'record' || enumWithoutDefault));
  return { required, optional: !required, computed };
}

function viewOf(field: NamedField, prefix: string): AttributeView {
  const path = prefix ? `${prefix}.${field.name}` : field.name;
  const base = {
    path,
    name: field.name,
    type: field.type,
    required: !!field.required,
    default: field.default,
    sensitive: !!field.sensitive,
    encrypted: !!field.encrypted,
    referenceable: !!field.referenceable,
    ...(field.deprecation !== undefined ? { deprecation: field.deprecation } : {}),
    ...(field.description !== undefined ? { description: field.description } : {}),
    terraform: terraformMode(field),
  };
  const extra: Record<string, unknown> = {};
  if ('enum' in field && field.enum) extra.enum = field.enum;
  if ('between' in field && field.between) extra.between = field.between;
  if ('gt' in field && field.gt !== undefined) extra.gt = field.gt;
  if ('typedef' in field && field.typedef) extra.typedef = field.typedef;
  if ('lenMin' in field && field.lenMin !== undefined) extra.lenMin = field.lenMin;
  if ('lenMax' in field && field.lenMax !== undefined) extra.lenMax = field.lenMax;
  if ('startsWith' in field && field.startsWith !== undefined) extra.startsWith = field.startsWith;
  if (field.type === 'record') {
    extra.attributes = describeFields(field.fields, path);
    extra.nesting = 'single';
  } else if (field.type === 'array' || field.type === 'set') {
    extra.elementType = field.elements.type;
    extra.element = elementTypeOf(field.elements);
    if (field.elements.type === 'record') {
      extra.attributes = describeFields(field.elements.fields, path);
      extra.nesting = field.type === 'array' ? 'list' : 'set';
    }
  } else if (field.type === 'map') {
    extra.elementType = field.values.type;
    extra.element = elementTypeOf(field.values);
  }
  return Object.freeze({ ...base, ...extra }) as AttributeView;
}

/** The tree view of a table (frozen). */
export function describeFields(fields: readonly NamedField[], prefix = ''): readonly AttributeView[] {
  return Object.freeze(fields.filter((f) => !f.tf?.omit).map((f) => viewOf(f, prefix)));
}

/** Every attribute, depth first, as one flat list. */
export function flattenViews(views: readonly AttributeView[]): AttributeView[] {
  return views.flatMap((v) => [v, ...flattenViews(v.attributes ?? [])]);
}
