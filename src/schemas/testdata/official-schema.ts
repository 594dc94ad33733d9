// Test helper: compare an attribute view with the official provider's schema JSON, attribute by
// attribute (presence, type, nesting, required/optional/computed, description).
import { readFileSync } from 'node:fs';
import type { AttributeView } from '../kong-schema/index.js';

interface TfAttr {
  type?: unknown;
  nested_type?: { nesting_mode: string; attributes: Record<string, TfAttr> };
  description?: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
}

export function officialResource(name: string): Record<string, TfAttr> {
  const json = JSON.parse(readFileSync(new URL('./konnect-provider-schema.json', import.meta.url), 'utf8'));
  return json.provider_schemas['registry.terraform.io/kong/konnect'].resource_schemas[name].block.attributes;
}

const TF_TYPE: Record<string, string> = { string: 'string', boolean: 'bool', number: 'number', integer: 'number' };

function tfType(v: Pick<AttributeView, 'type' | 'element'>): unknown {
  if (v.type === 'array' || v.type === 'set' || v.type === 'map')
    return [v.type === 'array' ? 'list' : v.type, tfType(v.element!)];
  return TF_TYPE[v.type] ?? v.type;
}

/** Every difference, as readable lines (empty when the view matches). */
export function diffWithOfficial(views: readonly AttributeView[], official: Record<string, TfAttr>, prefix = ''): string[] {
  const out: string[] = [];
  const ours = new Map(views.map((v) => [v.name, v]));
  for (const name of Object.keys(official)) if (!ours.has(name)) out.push(`missing in our table: ${prefix}${name}`);
  for (const v of views) {
    const o = official[v.name];
    const p = `${prefix}${v.name}`;
    if (!o) {
      out.push(`not in the official schema: ${p}`);
      continue;
    }
    for (const flag of ['required', 'optional', 'computed'] as const)
      if (!!o[flag] !== v.terraform[flag]) out.push(`${p}: ${flag} is ${!!o[flag]} officially, ${v.terraform[flag]} here`);
    if ((o.description ?? '') !== (v.description ?? '')) out.push(`${p}: description differs`);
    if (o.nested_type) {
      if (!v.attributes) out.push(`${p}: official is nested ${o.nested_type.nesting_mode}, ours is ${v.type}`);
      else {
        if (o.nested_type.nesting_mode !== v.nesting) out.push(`${p}: nesting ${o.nested_type.nesting_mode} vs ${v.nesting}`);
        out.push(...diffWithOfficial(v.attributes, o.nested_type.attributes, `${p}.`));
      }
    } else if (JSON.stringify(o.type) !== JSON.stringify(tfType(v)))
      out.push(`${p}: type ${JSON.stringify(o.type)} officially, ${JSON.stringify(tfType(v))} here`);
  }
  return out;
}
