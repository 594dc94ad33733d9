// Terraform's `deprecated` flag, attribute by attribute, as the official provider sets it (it sets
// none on the resources we serve; Kong's own deprecations, such as ai-proxy's
// config.model.options.upstream_path, only make the gateway log a warning).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Attribute } from '../tfplugin/index.js';
import { KonnectProvider } from './provider.js';

interface RefAttr {
  deprecated?: boolean;
  nested_type?: { attributes: Record<string, RefAttr> };
}
const official = JSON.parse(readFileSync(new URL('../schemas/testdata/konnect-provider-schema.json', import.meta.url), 'utf8'))
  .provider_schemas['registry.terraform.io/kong/konnect'].resource_schemas as Record<string, { block: { attributes: Record<string, RefAttr> } }>;

function walk(ours: readonly Attribute[], ref: Record<string, RefAttr> | undefined, path: string, out: string[]): void {
  for (const a of ours) {
    const r = ref?.[a.name];
    if (!!a.deprecated !== !!r?.deprecated) out.push(`${path}${a.name}: deprecated ${!!a.deprecated} vs official ${!!r?.deprecated}`);
    if (a.nestedType) walk(a.nestedType.attributes, r?.nested_type?.attributes, `${path}${a.name}.`, out);
  }
}

test('no attribute is marked deprecated unless the official provider marks it (upstream_path is not)', async () => {
  const schema = await new KonnectProvider({ env: {} }).getProviderSchema();
  const problems: string[] = [];
  let checked = 0;
  for (const [name, s] of Object.entries(schema.resourceSchemas ?? {})) {
    if (!official[name]) continue;
    checked++;
    walk(s.block.attributes ?? [], official[name]!.block.attributes, `${name}.`, problems);
  }
  assert.ok(checked >= 5, `${checked} resources compared`);
  assert.deepEqual(problems, []);
});
