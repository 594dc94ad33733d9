// A generated resource table (src/schemas/resource-tables) → the Terraform schema: the official
// attributes, modes, defaults and descriptions, plus what we do better — every secret is
// sensitive and has a write-only twin `<name>_wo` (Terraform ≥ 1.11: sent to Konnect, never
// stored) with `<name>_wo_version` to send it again; values are validated where the table
// knows the rule (enums, ranges, lengths); ids and creation times keep their value on update.
import { valueEquals } from '../../cty/index.js';
import {
  attr,
  ctyOfTableElement,
  requiresReplaceIfConfigured,
  tableValidators,
  useStateForUnknown,
  validate,
  type AttributeSpec,
  type Attributes,
  type JsValue,
  type PlanModifier,
  type SchemaSpec,
} from '../../framework/index.js';
import type { ResourceTable, TableAttr } from '../../schemas/resource-tables/index.js';

/** The write-only twin of a secret attribute, and its rotation trigger. */
export const woName = (name: string) => `${name}_wo`;
export const woVersionName = (name: string) => `${name}_wo_version`;

function attributeOf(a: TableAttr, keepStable: boolean): AttributeSpec {
  const m = a.terraform;
  const planModifiers: PlanModifier[] = [];
  if (a.forceNew) planModifiers.push(requiresReplaceIfConfigured());
  if (a.suppressDiff || (keepStable && (a.name === 'id' || a.name === 'created_at'))) planModifiers.push(useStateForUnknown());
  const validators = tableValidators(a);
  const opts = {
    ...(m.required ? { required: true } : {}),
    ...(m.optional ? { optional: true } : {}),
    ...(m.computed ? { computed: true } : {}),
    ...(a.sensitive ? { sensitive: true } : {}),
    ...(a.description !== undefined ? { description: a.description } : {}),
    descriptionKind: a.descriptionKind ?? ('plain' as const),
    ...(validators.length ? { validators } : {}),
    ...(planModifiers.length ? { planModifiers } : {}),
  };
  if (a.attributes) {
    const inner = attributesOf(a.attributes, false);
    if (a.nesting === 'list') return attr.listNested(inner, opts);
    if (a.nesting === 'set') return attr.setNested(inner, opts);
    return attr.single(inner, m.computed && a.default === null ? { ...opts, default: null } : opts);
  }
  const type = ctyOfTableElement({ type: a.type, ...(a.element ? { element: a.element } : {}) });
  const hasDefault = m.computed && a.default !== undefined && a.default !== null;
  return { ...opts, kind: 'value', type, ...(hasDefault ? { default: a.default as JsValue } : {}) };
}

/**
 * A new `_wo_version` of a resource that cannot update replaces it — but not the first version
 * after an import (the prior state has none: the value sent at creation is unknown to us).
 */
function replaceOnNewVersion(): PlanModifier {
  return {
    description: 'Changing the version (from one number to another) forces a new resource.',
    modify(req, resp) {
      if (req.priorExists && req.state !== null && req.config !== null && !valueEquals(resp.plan, req.state, req.type)) resp.requiresReplace = true;
    },
  };
}

/** The write-only pair of a secret (`forceNew`: the resource cannot update, so a new version replaces it). */
function writeOnlyPair(a: TableAttr): Attributes {
  const wo = woName(a.name);
  const version = woVersionName(a.name);
  return {
    [wo]: attr.string({
      optional: true,
      writeOnly: true,
      sensitive: true,
      descriptionKind: 'plain',
      description: `Write-only alternative to \`${a.name}\` (Terraform 1.11 or later): sent to Konnect but never stored in the plan or the state. Set \`${version}\` with it, and change that number to send a new value. Conflicts with \`${a.name}\`.`,
    }),
    [version]: attr.number({
      optional: true,
      descriptionKind: 'plain',
      description: `Any number; changing it makes Terraform send \`${wo}\` to Konnect again (rotation${a.forceNew ? ', which replaces this resource' : ''}). Required with \`${wo}\`.`,
      ...(a.forceNew ? { planModifiers: [replaceOnNewVersion()] } : {}),
    }),
  };
}

function attributesOf(table: readonly TableAttr[], top: boolean): Attributes {
  const out: Record<string, AttributeSpec> = {};
  for (const a of table) {
    out[a.name] = attributeOf(a, top);
    if (a.secret && a.type === 'string') Object.assign(out, writeOnlyPair(a));
  }
  return out;
}

export function schemaFromTable(table: ResourceTable): SchemaSpec {
  return { description: table.description, attributes: attributesOf(table.attributes, true) };
}

/** Every secret of the table that has a write-only twin, as attribute-name paths. */
export function secretPaths(attrs: readonly TableAttr[], prefix: readonly string[] = []): (readonly string[])[] {
  return attrs.flatMap((a) => [
    ...(a.secret && a.type === 'string' ? [[...prefix, a.name]] : []),
    ...(a.attributes ? secretPaths(a.attributes, [...prefix, a.name]) : []),
  ]);
}
