// Test helper: our served schemas against the official provider's `providers schema -json`
// (src/schemas/testdata/konnect-provider-schema{,-more}.json) — names, types, modes, nesting,
// sensitivity, descriptions and description kinds, attribute by attribute.
import { readFileSync } from 'node:fs';
import { typeToJsonString } from '../cty/index.js';
import type { Attribute, Schema } from '../tfplugin/index.js';

export interface RefAttr {
  type?: unknown;
  nested_type?: { attributes: Record<string, RefAttr>; nesting_mode: string };
  description?: string;
  description_kind?: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
}
export interface RefSchema {
  block: { attributes: Record<string, RefAttr>; description: string; description_kind: string };
}

const file = (name: string) =>
  JSON.parse(readFileSync(new URL(`../schemas/testdata/${name}`, import.meta.url), 'utf8')).provider_schemas['registry.terraform.io/kong/konnect'] as {
    resource_schemas: Record<string, RefSchema>;
    data_source_schemas?: Record<string, RefSchema>;
  };

/** The official schema of a resource or data source from either file. */
export function officialSchema(kind: 'resource' | 'data-source', name: string): RefSchema | undefined {
  for (const f of ['konnect-provider-schema.json', 'konnect-provider-schema-more.json']) {
    const p = file(f);
    const s = kind === 'resource' ? p.resource_schemas[name] : p.data_source_schemas?.[name];
    if (s) return s;
  }
  return undefined;
}

function compare(ours: readonly Attribute[], ref: Record<string, RefAttr>, path: string, problems: string[]): void {
  for (const a of ours) {
    const r = ref[a.name];
    const p = `${path}${a.name}`;
    if (!r) {
      problems.push(`${p}: not in the official schema`);
      continue;
    }
    for (const flag of ['required', 'optional', 'computed', 'sensitive'] as const) if (!!a[flag] !== !!r[flag]) problems.push(`${p}: ${flag} ${!!a[flag]} vs official ${!!r[flag]}`);
    if ((a.description ?? '') !== (r.description ?? '')) problems.push(`${p}: description ${JSON.stringify(a.description)} vs ${JSON.stringify(r.description)}`);
    if ((a.descriptionKind ?? 'plain').toLowerCase() !== (r.description_kind ?? 'plain')) problems.push(`${p}: description kind ${a.descriptionKind}`);
    if (a.nestedType) {
      if (!r.nested_type) problems.push(`${p}: nested here, not officially`);
      else {
        if (a.nestedType.nesting.toLowerCase() !== r.nested_type.nesting_mode) problems.push(`${p}: nesting ${a.nestedType.nesting}`);
        compare(a.nestedType.attributes, r.nested_type.attributes, `${p}.`, problems);
      }
    } else if (typeToJsonString(a.type!) !== JSON.stringify(r.type)) problems.push(`${p}: type ${typeToJsonString(a.type!)} vs ${JSON.stringify(r.type)}`);
  }
  for (const name of Object.keys(ref)) if (!ours.some((a) => a.name === name)) problems.push(`${path}${name}: missing here`);
}

/** Every difference between `ours` and the official `ref` (empty when they match). */
export function schemaDifferences(name: string, ours: Schema, ref: RefSchema): string[] {
  const problems: string[] = [];
  compare(ours.block.attributes ?? [], ref.block.attributes, `${name}.`, problems);
  if (ours.block.description !== ref.block.description) problems.push(`${name}: block description ${JSON.stringify(ours.block.description)}`);
  if ((ours.block.descriptionKind ?? 'plain').toLowerCase() !== ref.block.description_kind) problems.push(`${name}: block description kind ${ours.block.descriptionKind}`);
  return problems;
}
