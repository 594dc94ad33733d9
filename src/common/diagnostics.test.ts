import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttributePath, AttributePathError, Diagnostics } from './index.js';

test('attribute paths print in Terraform notation', () => {
  const p = AttributePath.of('config', 'auth').attr('header_value');
  assert.equal(p.toString(), 'config.auth.header_value');
  assert.equal(AttributePath.of('tags').index(2).toString(), 'tags[2]');
  assert.equal(AttributePath.of('labels').key('env').toString(), 'labels["env"]');
  assert.equal(AttributePath.fromZodPath(['config', 'model', 0]).toString(), 'config.model[0]');
  assert.ok(AttributePath.of('a').equals(AttributePath.of('a')));
  assert.ok(!AttributePath.of('a').equals(AttributePath.of('b')));
});

test('diagnostics collect, keep paths of thrown path errors, and report errors', () => {
  const d = new Diagnostics().addWarning('w');
  assert.equal(d.hasError(), false);
  d.addThrown(new AttributePathError(AttributePath.of('x'), 'bad'), 'Invalid value');
  assert.equal(d.hasError(), true);
  const [, err] = d.toArray();
  assert.equal(err?.path?.toString(), 'x');
  assert.equal(err?.detail, 'bad');
  assert.equal(err?.summary, 'Invalid value');
});
