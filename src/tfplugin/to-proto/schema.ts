// Schema → tfplugin6.Schema. Attribute types become type JSON bytes (cty's typeToJson).
import { typeToJson } from '../../cty/index.js';
import type { Attribute, Block, NestedBlock, Schema, StringKind } from '../types/index.js';
import type { PResponse } from '../grpc/proto-messages.js';

const kind = (k: StringKind | undefined): string => (k === 'markdown' ? 'MARKDOWN' : 'PLAIN');

function attribute(a: Attribute): PResponse {
  const out: PResponse = {
    name: a.name,
    description: a.description ?? '',
    description_kind: kind(a.descriptionKind),
    required: a.required === true,
    optional: a.optional === true,
    computed: a.computed === true,
    sensitive: a.sensitive === true,
    deprecated: a.deprecated === true,
    write_only: a.writeOnly === true,
  };
  if (a.nestedType) out.nested_type = { nesting: a.nestedType.nesting, attributes: a.nestedType.attributes.map(attribute) };
  else out.type = typeToJson(a.type);
  return out;
}

function nestedBlock(b: NestedBlock): PResponse {
  return {
    type_name: b.typeName,
    block: block(b.block, 0),
    nesting: b.nesting,
    min_items: b.minItems ?? 0,
    max_items: b.maxItems ?? 0,
  };
}

function block(b: Block, version: number): PResponse {
  return {
    version,
    attributes: (b.attributes ?? []).map(attribute),
    block_types: (b.blockTypes ?? []).map(nestedBlock),
    description: b.description ?? '',
    description_kind: kind(b.descriptionKind),
    deprecated: b.deprecated === true,
  };
}

export function schema(s: Schema | undefined): PResponse | undefined {
  return s ? { version: s.version, block: block(s.block, s.version) } : undefined;
}

export function schemaMap(m: Readonly<Record<string, Schema>> | undefined): Record<string, PResponse> {
  const out: Record<string, PResponse> = {};
  for (const [name, s] of Object.entries(m ?? {})) out[name] = schema(s)!;
  return out;
}
