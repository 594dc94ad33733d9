// Every generated resource table against the official provider v3.19.0 schema, attribute by
// attribute (modes, types, nesting, descriptions), plus what we add: secrets are sensitive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GENERATED_TABLES, generatedTable } from './index.js';
import { diffTable, officialSchemas } from './official-diff.test-helper.js';

const official = officialSchemas();

const compared = [...GENERATED_TABLES.keys()].filter((n) => official[n]);

test('every official schema kept in src/schemas/testdata that is a plugin or credential is generated and compared', () => {
  const expected = Object.keys(official).filter((n) => n.startsWith('konnect_gateway_plugin_') || n === 'konnect_gateway_key_auth');
  assert.deepEqual(compared.sort(), expected.sort());
});

// Only the tables with an official schema kept here can be compared (the others are checked
// by the generator's own rules and src/provider/resources/all-plugins.test.ts); no skipped tests.
for (const name of compared) {
  const table = generatedTable(name)!;
  const ref = official[name]!;
  test(`${name}: the generated table is the official schema, attribute by attribute`, () => {
    assert.equal(table.description, ref.block.description);
    assert.deepEqual(diffTable(table.attributes, ref.block.attributes), []);
  });
}
