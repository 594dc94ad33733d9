import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttributePath, Diagnostics } from '../../common/index.js';
import { validate } from './validator.js';

test('length validators count code points: a surrogate pair (emoji) is one character, a lone surrogate is one too', () => {
  const check = (v: ReturnType<typeof validate.lengthAtMost>, value: string) => {
    const diags = new Diagnostics();
    v.validate(value, AttributePath.of('name'), diags);
    return diags.hasError();
  };
  assert.equal(check(validate.lengthAtMost(2), '🦍🦍'), false, 'two emoji are two characters (four UTF-16 units)');
  assert.equal(check(validate.lengthAtMost(2), '🦍🦍🦍'), true);
  assert.equal(check(validate.lengthAtLeast(3), 'ab\ud800'), false, 'a lone high surrogate counts as one');
  assert.equal(check(validate.lengthBetween(1, 3), 'abcd'), true);
  assert.equal(check(validate.lengthBetween(1, 3), 'ab🦍'), false);
});
