import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { aiProxyConfigView } from '../schemas/index.js';
import { attr, attributesFromTable, compileSchema, toTfpluginSchema } from './index.js';
import type { Attribute } from '../tfplugin/index.js';

// The official provider's schema for the ai-proxy resource (reconstructed `providers schema -json`).
const refPath = new URL('../schemas/testdata/konnect-provider-schema.json', import.meta.url);

interface RefAttr {
  type?: unknown;
  nested_type?: { attributes: Record<string, RefAttr>; nesting_mode: string };
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
}

function compare(ours: readonly Attribute[], ref: Record<string, RefAttr>, path: string, problems: string[]): void {
  for (const a of ours) {
    const r = ref[a.name];
    const p = `${path}.${a.name}`;
    if (!r) {
      problems.push(`${p}: not in the official schema`);
      continue;
    }
    for (const flag of ['required', 'optional', 'computed'] as const) {
      if (!!a[flag] !== !!r[flag]) problems.push(`${p}: ${flag} ${!!a[flag]} vs official ${!!r[flag]}`);
    }
    if (a.nestedType) {
      if (!r.nested_type) problems.push(`${p}: nested here, not in the official schema`);
      else {
        if (a.nestedType.nesting.toLowerCase() !== r.nested_type.nesting_mode) problems.push(`${p}: nesting ${a.nestedType.nesting}`);
        compare(a.nestedType.attributes, r.nested_type.attributes, p, problems);
      }
    }
  }
  for (const name of Object.keys(ref)) if (!ours.some((a) => a.name === name)) problems.push(`${path}.${name}: missing here`);
}

test('the ai-proxy config table becomes nested attributes matching the official schema', () => {
  const config = attr.single(attributesFromTable(aiProxyConfigView), { required: true });
  const schema = compileSchema({ attributes: { config } });
  const tf = toTfpluginSchema(schema);
  const auth = schema.root.attributes.config!.nested!.attributes.auth!;
  assert.equal(auth.computed && auth.default?.value, null, 'config.auth plans null when omitted');
  assert.equal(auth.nested!.attributes.header_value!.sensitive, true);
  assert.equal(schema.root.attributes.config!.nested!.attributes.max_request_body_size!.default?.value?.toString(), '1048576');
  // The official provider's schema, kept in the repository (src/schemas/testdata) so CI runs this.
  const ref: { provider_schemas: Record<string, { resource_schemas: Record<string, { block: { attributes: Record<string, RefAttr> } }> }> } =
    JSON.parse(readFileSync(refPath, 'utf8'));
  const official = Object.values(ref.provider_schemas)[0]!.resource_schemas.konnect_gateway_plugin_ai_proxy!.block.attributes.config!;
  const problems: string[] = [];
  compare(tf.block.attributes!, { config: official }, '', problems);
  assert.deepEqual(problems, []);
});
