import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cty } from '../../cty/index.js';
import { schema } from './schema.js';

test('schemas become tfplugin6 messages: type JSON bytes, nested attributes, blocks, kinds and flags', () => {
  const out = schema({
    version: 2,
    block: {
      description: 'd',
      descriptionKind: 'markdown',
      attributes: [
        { name: 'id', type: cty.string, computed: true },
        { name: 'tags', type: cty.list(cty.string), optional: true },
        { name: 'secret', type: cty.string, optional: true, sensitive: true, writeOnly: true },
        { name: 'config', optional: true, nestedType: { nesting: 'SINGLE', attributes: [{ name: 'n', type: cty.number, required: true }] } },
      ],
      blockTypes: [{ typeName: 'rule', nesting: 'LIST', minItems: 1, block: { attributes: [{ name: 'x', type: cty.bool, optional: true }] } }],
    },
  }) as { version: number; block: Record<string, unknown> & { attributes: Record<string, unknown>[]; block_types: Record<string, unknown>[] } };
  assert.equal(out.version, 2);
  assert.equal(out.block.version, 2);
  assert.equal(out.block.description_kind, 'MARKDOWN');
  const [id, tags, secret, config] = out.block.attributes;
  assert.equal((id!.type as Buffer).toString(), '"string"');
  assert.equal(id!.computed, true);
  assert.equal(id!.optional, false);
  assert.equal((tags!.type as Buffer).toString(), '["list","string"]');
  assert.equal(secret!.sensitive, true);
  assert.equal(secret!.write_only, true);
  assert.equal(config!.type, undefined, 'nested attributes leave type empty');
  const nested = config!.nested_type as { nesting: string; attributes: Record<string, unknown>[] };
  assert.equal(nested.nesting, 'SINGLE');
  assert.equal((nested.attributes[0]!.type as Buffer).toString(), '"number"');
  assert.equal(nested.attributes[0]!.required, true);
  const [rule] = out.block.block_types;
  assert.equal(rule!.type_name, 'rule');
  assert.equal(rule!.nesting, 'LIST');
  assert.equal(rule!.min_items, 1);
  assert.equal(schema(undefined), undefined);
});
