// Every generated resource table against the official provider v3.19.0 schema, attribute by
// attribute (modes, types, nesting, descriptions), plus what we add: secrets are sensitive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GENERATED_TABLES } from './generated/index.js';
import { diffTable, officialSchemas } from './official-diff.test-helper.js';

const official = officialSchemas();

for (const [name, table] of GENERATED_TABLES) {
  test(`${name}: the generated table is the official schema, attribute by attribute`, () => {
    const ref = official[name];
    assert.ok(ref, `${name} has an official schema in src/schemas/testdata`);
    assert.equal(table.description, ref.block.description);
    assert.deepEqual(diffTable(table.attributes, ref.block.attributes), []);
  });
}
