// CompiledSchema → the bridge's plain tfplugin6 Schema (nested attributes, not blocks).
import type { Attribute, Schema } from '../../tfplugin/types/index.js';
import type { CompiledAttribute, CompiledObject, CompiledSchema } from './compile.js';

export function toTfpluginSchema(schema: CompiledSchema): Schema {
  const spec = schema.spec;
  return {
    version: schema.version,
    block: {
      attributes: attributesOf(schema.root),
      ...(spec.description ? { description: spec.description, descriptionKind: 'markdown' as const } : {}),
      ...(spec.deprecated ? { deprecated: true } : {}),
    },
  };
}

function attributesOf(obj: CompiledObject): Attribute[] {
  return Object.keys(obj.attributes)
    .sort()
    .map((n) => attributeOf(obj.attributes[n]!));
}

function attributeOf(a: CompiledAttribute): Attribute {
  const common = {
    name: a.name,
    ...(a.spec.description ? { description: a.spec.description, descriptionKind: a.spec.descriptionKind ?? ('markdown' as const) } : {}),
    ...(a.required ? { required: true } : {}),
    ...(a.optional ? { optional: true } : {}),
    ...(a.computed ? { computed: true } : {}),
    ...(a.sensitive ? { sensitive: true } : {}),
    ...(a.spec.writeOnly ? { writeOnly: true } : {}),
    ...(a.spec.deprecated ? { deprecated: true } : {}),
  };
  if (a.nested && a.nesting) return { ...common, nestedType: { nesting: a.nesting, attributes: attributesOf(a.nested) } };
  return { ...common, type: a.type };
}
