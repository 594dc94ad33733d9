// The two data sources against the official v3.19.0 schemas attribute by attribute
// (src/schemas/testdata/konnect-provider-schema-more.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { officialSchema, schemaDifferences } from '../official-schema.test-helper.js';
import { KonnectProvider } from '../provider.js';

test('konnect_gateway_control_plane and _list data sources match the official schemas attribute by attribute', async () => {
  const schema = await new KonnectProvider({ env: {} }).getProviderSchema();
  assert.deepEqual(Object.keys(schema.dataSourceSchemas ?? {}).sort(), ['konnect_gateway_control_plane', 'konnect_gateway_control_plane_list']);
  for (const name of ['konnect_gateway_control_plane', 'konnect_gateway_control_plane_list']) {
    const ref = officialSchema('data-source', name);
    assert.ok(ref, `${name} is in the reference`);
    assert.deepEqual(schemaDifferences(name, schema.dataSourceSchemas![name]!, ref), []);
  }
});
