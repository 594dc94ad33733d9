// Our five resource schemas against the official provider's `providers schema -json`
// (src/schemas/testdata/konnect-provider-schema.json): names, types, modes, nesting,
// sensitivity, descriptions and description kinds, attribute by attribute.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { typeToJsonString } from '../../cty/index.js';
import type { Attribute } from '../../tfplugin/index.js';
import { KonnectProvider } from '../provider.js';

interface RefAttr {
  type?: unknown;
  nested_type?: { attributes: Record<string, RefAttr>; nesting_mode: string };
  description?: string;
  description_kind?: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
}

const official = JSON.parse(readFileSync(new URL('../../schemas/testdata/konnect-provider-schema.json', import.meta.url), 'utf8'))
  .provider_schemas['registry.terraform.io/kong/konnect'].resource_schemas as Record<string, { block: { attributes: Record<string, RefAttr>; description: string } }>;

function compare(ours: readonly Attribute[], ref: Record<string, RefAttr>, path: string, problems: string[]): void {
  for (const a of ours) {
    const r = ref[a.name];
    const p = `${path}${a.name}`;
    if (!r) {
      problems.push(`${p}: not in the official schema`);
      continue;
    }
    for (const flag of ['required', 'optional', 'computed', 'sensitive'] as const) if (!!a[flag] !== !!r[flag]) problems.push(`${p}: ${flag} ${!!a[flag]} vs official ${!!r[flag]}`);
    if ((a.description ?? '') !== (r.description ?? '')) problems.push(`${p}: description differs`);
    if (r.description !== undefined && (a.descriptionKind ?? 'plain').toLowerCase() !== r.description_kind) problems.push(`${p}: description kind ${a.descriptionKind}`);
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

test('the five resource schemas match the official provider attribute by attribute', async () => {
  const schema = await new KonnectProvider({ env: {} }).getProviderSchema();
  for (const name of ['konnect_gateway_control_plane', 'konnect_gateway_service', 'konnect_gateway_route', 'konnect_gateway_consumer', 'konnect_gateway_consumer_group']) {
    const ours = schema.resourceSchemas?.[name];
    assert.ok(ours, `${name} is served`);
    const problems: string[] = [];
    compare(ours.block.attributes ?? [], official[name]!.block.attributes, `${name}.`, problems);
    assert.equal(ours.block.description, official[name]!.block.description);
    assert.deepEqual(problems, []);
  }
});
