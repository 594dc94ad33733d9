// Test helper: a generated resource table against the official provider's schema JSON
// (src/schemas/testdata/konnect-provider-schema{,-more}.json), attribute by attribute: presence,
// type, nesting, required/optional/computed, description.
import { readFileSync } from 'node:fs';
import type { TableAttr, TableElement } from './table.js';

interface TfAttr {
  type?: unknown;
  nested_type?: { nesting_mode: string; attributes: Record<string, TfAttr> };
  description?: string;
  description_kind?: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
}

type Schemas = Record<string, { block: { attributes: Record<string, TfAttr>; description: string } }>;

function load(file: string): Schemas {
  const json = JSON.parse(readFileSync(new URL(`../testdata/${file}`, import.meta.url), 'utf8'));
  return json.provider_schemas['registry.terraform.io/kong/konnect'].resource_schemas;
}

/** Every official resource schema we keep a copy of, by type name. */
export function officialSchemas(): Schemas {
  return { ...load('konnect-provider-schema.json'), ...load('konnect-provider-schema-more.json') };
}

const TF: Record<string, string> = { string: 'string', boolean: 'bool', number: 'number', integer: 'number', json: 'string' };

function tfType(t: TableElement): unknown {
  if (t.type === 'array' || t.type === 'set' || t.type === 'map') return [t.type === 'array' ? 'list' : t.type, tfType(t.element!)];
  return TF[t.type] ?? t.type;
}

/** Every difference as a readable line (empty when the table matches). */
export function diffTable(attrs: readonly TableAttr[], official: Record<string, TfAttr>, prefix = ''): string[] {
  const out: string[] = [];
  const ours = new Map(attrs.map((a) => [a.name, a]));
  for (const name of Object.keys(official)) if (!ours.has(name)) out.push(`missing in our table: ${prefix}${name}`);
  for (const a of attrs) {
    const o = official[a.name];
    const p = `${prefix}${a.name}`;
    if (!o) {
      out.push(`not in the official schema: ${p}`);
      continue;
    }
    for (const flag of ['required', 'optional', 'computed'] as const)
      if (!!o[flag] !== a.terraform[flag]) out.push(`${p}: ${flag} is ${!!o[flag]} officially, ${a.terraform[flag]} here`);
    if ((o.description ?? '') !== (a.description ?? '')) out.push(`${p}: description ${JSON.stringify(o.description)} officially, ${JSON.stringify(a.description)} here`);
    if ((o.description_kind ?? 'plain') !== (a.descriptionKind ?? 'plain')) out.push(`${p}: description kind ${o.description_kind} officially`);
    if (o.nested_type) {
      if (!a.attributes) out.push(`${p}: official is nested ${o.nested_type.nesting_mode}, ours is ${a.type}`);
      else {
        if (o.nested_type.nesting_mode !== a.nesting) out.push(`${p}: nesting ${o.nested_type.nesting_mode} vs ${a.nesting}`);
        out.push(...diffTable(a.attributes, o.nested_type.attributes, `${p}.`));
      }
    } else if (JSON.stringify(o.type) !== JSON.stringify(tfType(a)))
      out.push(`${p}: type ${JSON.stringify(o.type)} officially, ${JSON.stringify(tfType(a))} here`);
  }
  return out;
}
