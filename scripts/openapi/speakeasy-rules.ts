// How Speakeasy (the official provider's generator, v1.773.1 with `respectRequiredFields`)
// turns one OpenAPI property into a Terraform attribute — the rules observed in v3.19.0
// (reference konnect-provider-more.md §8), checked attribute by attribute against the official
// schema by src/provider/resources/generated-schema.test.ts:
//  - required in the body → Required; required inside a list item → Optional+Computed, "Not Null";
//  - a non-null `default` → Optional+Computed with that Default ("Default: X");
//  - an object with `default: null` → Optional+Computed planning a null object;
//  - `x-speakeasy-param-computed` false/true drops/adds Computed; otherwise optional is Computed;
//  - `format: set` → set; integer/number → number; `enum` → text only ("possible known values…");
//  - `x-speakeasy-terraform-ignore` and `const` properties are not attributes.
import type { TableAttr, TableElement, TableType } from '../../src/schemas/resource-tables/table.js';
import type { OpenApiSchema } from './extract-file.js';

type S = OpenApiSchema & {
  type?: string;
  properties?: Record<string, S>;
  items?: S;
  required?: string[];
  enum?: (string | number)[];
  default?: unknown;
  description?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  additionalProperties?: boolean | S;
};

export interface RuleContext {
  /** The resource has no update operation: every attribute is force-new. */
  readonly noUpdate: boolean;
  /** Dotted paths of secrets the spec does not flag. */
  readonly extraSecrets: ReadonlySet<string>;
}

const sortedEnum = (values: readonly (string | number)[]) => [...values].sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));

/** The official description: text, then "possible known values…; Default: X; Not Null", then force-new. */
export function describe(text: string | undefined, suffixes: readonly string[], forceNew: boolean): string | undefined {
  let out = (text ?? '').replace(/[ \t]+$/, '');
  if (suffixes.length) {
    const joined = suffixes.join('; ');
    out = out === '' ? joined : out.endsWith('\n') ? `${out}${joined}` : `${out}${/[.!?]$/.test(out) ? '' : '.'} ${joined}`;
  }
  if (forceNew) out = out ? `${out}${/[.]$/.test(out) ? '' : '.'} Requires replacement if changed.` : 'Requires replacement if changed.';
  return out === '' ? undefined : out;
}

function scalarType(s: S): TableType {
  switch (s.type) {
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'object':
      return 'json';
    default:
      return 'json';
  }
}

function elementOf(s: S): TableElement {
  if (s.type === 'array') return { type: s.format === 'set' ? 'set' : 'array', element: elementOf(s.items ?? {}) };
  if (s.type === 'object' && !s.properties && typeof s.additionalProperties === 'object')
    return { type: 'map', element: elementOf(s.additionalProperties) };
  return { type: scalarType(s), ...(s.enum ? { enum: s.enum } : {}) };
}

const isRecord = (s: S) => s.type === 'object' && s.properties !== undefined && Object.keys(s.properties).length > 0;

/** The attributes of an object schema's properties. */
export function attributesOf(obj: S, prefix: string, inItem: boolean, ctx: RuleContext, transformsPort = false): TableAttr[] {
  const required = new Set(obj.required ?? []);
  const out: TableAttr[] = [];
  for (const name of Object.keys(obj.properties ?? {}).sort()) {
    const s = obj.properties![name]!;
    if (s['x-speakeasy-terraform-ignore'] === true || 'const' in s) continue;
    out.push(attributeOf(name, s, prefix, required.has(name), inItem, ctx, transformsPort && name === 'port'));
  }
  return out;
}

export function attributeOf(name: string, s: S, prefix: string, isRequired: boolean, inItem: boolean, ctx: RuleContext, digitsAsNumber = false): TableAttr {
  const path = prefix ? `${prefix}.${name}` : name;
  const record = isRecord(s);
  const itemRecord = s.type === 'array' && s.items !== undefined && isRecord(s.items);
  const hasDefault = s.default !== undefined && s.default !== null;
  const notNull = isRequired && inItem && !hasDefault;
  const required = isRequired && !inItem && !hasDefault;
  const annotated = s['x-speakeasy-param-computed'];
  const computed =
    !required &&
    (notNull || hasDefault || (record && s.default === null) || (annotated === undefined ? true : annotated === true));
  const secret = s['x-encrypted'] === true || ctx.extraSecrets.has(path);
  const forceNew = ctx.noUpdate;
  const suffixes: string[] = [];
  if (s.enum && !record) suffixes.push(`possible known values include one of [${sortedEnum(s.enum).map((v) => JSON.stringify(v)).join(', ')}]`);
  if (hasDefault) suffixes.push(`Default: ${JSON.stringify(digitsAsNumber ? String(s.default) : s.default)}`);
  if (notNull) suffixes.push('Not Null');
  const description = describe(s.description, suffixes, forceNew);
  const transforms = typeof s['x-speakeasy-transform-to-api'] === 'object' && JSON.stringify(s['x-speakeasy-transform-to-api']).includes('port');
  let type: TableType;
  const extra: Record<string, unknown> = {};
  if (record) {
    type = 'record';
    extra.nesting = 'single';
    extra.attributes = attributesOf(s, path, inItem, ctx, transforms);
  } else if (itemRecord) {
    type = s.format === 'set' ? 'set' : 'array';
    extra.nesting = s.format === 'set' ? 'set' : 'list';
    extra.attributes = attributesOf(s.items!, path, true, ctx, transforms);
  } else if (s.type === 'array') {
    type = s.format === 'set' ? 'set' : 'array';
    extra.element = elementOf(s.items ?? {});
  } else if (s.type === 'object' && typeof s.additionalProperties === 'object') {
    type = 'map';
    extra.element = elementOf(s.additionalProperties);
  } else {
    type = digitsAsNumber ? 'string' : scalarType(s);
  }
  const dflt = record ? (s.default === null && computed ? null : undefined) : hasDefault ? (digitsAsNumber ? String(s.default) : s.default) : undefined;
  return {
    path,
    name,
    type,
    ...(extra.element ? { element: extra.element as TableElement } : {}),
    default: dflt,
    ...(s.enum && !record ? { enum: s.enum } : {}),
    ...(s.minimum !== undefined && s.maximum !== undefined ? { between: [s.minimum, s.maximum] as const } : {}),
    ...(s.minLength !== undefined ? { lenMin: s.minLength } : {}),
    ...(s.maxLength !== undefined ? { lenMax: s.maxLength } : {}),
    sensitive: secret || s['x-speakeasy-param-sensitive'] === true,
    ...(secret ? { secret: true } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(description?.includes('\n') ? { descriptionKind: 'markdown' as const } : {}),
    terraform: { required, optional: !required, computed },
    ...(forceNew ? { forceNew: true } : {}),
    ...(forceNew && computed ? { suppressDiff: true } : {}),
    ...(!required && s.nullable !== true ? { omitEmpty: true } : {}),
    ...(notNull ? { notNull: true } : {}),
    ...(digitsAsNumber ? { digitsAsNumber: true } : {}),
    ...(extra.attributes ? { attributes: extra.attributes as TableAttr[], nesting: extra.nesting as 'single' | 'list' | 'set' } : {}),
  };
}
