import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttributePath } from '../common/index.js';
import { attributePathFromProto, attributePathToProto } from './attribute-path-proto.js';

test('attribute paths ↔ tfplugin6 steps, both ways', () => {
  const path = AttributePath.of('config').attr('auth').key('header "x"').index(3);
  const proto = attributePathToProto(path);
  assert.deepEqual(proto, {
    steps: [{ attribute_name: 'config' }, { attribute_name: 'auth' }, { element_key_string: 'header "x"' }, { element_key_int: 3 }],
  });
  assert.equal(attributePathFromProto(proto).toString(), 'config.auth["header \\"x\\""][3]');
  // As grpc-js hands it over (oneofs: the selector names the set field; int64 may be a string).
  const decoded = attributePathFromProto({
    steps: [
      { attribute_name: 'tags', selector: 'attribute_name' },
      { element_key_int: '0', selector: 'element_key_int' },
      { element_key_string: '', selector: 'element_key_string' },
    ],
  });
  assert.equal(decoded.toString(), 'tags[0][""]');
  assert.ok(attributePathFromProto(undefined).isRoot);
});
