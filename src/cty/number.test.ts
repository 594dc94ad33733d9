import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CtyNumber } from './index.js';

test('numbers keep every digit and print canonically', () => {
  const cases: [string, string][] = [
    ['0', '0'],
    ['-0', '0'],
    ['1.50', '1.5'],
    ['0.1', '0.1'],
    ['12345678901234567890', '12345678901234567890'],
    ['123456789012345678901234567890.000000000000000000001', '123456789012345678901234567890.000000000000000000001'],
    ['1e3', '1000'],
    ['1.5E-3', '0.0015'],
    ['.5', '0.5'],
    ['-2.50e2', '-250'],
    ['1e400', '1e+400'],
    ['-1.25e-400', '-1.25e-400'],
    ['Infinity', 'Infinity'],
    ['-inf', '-Infinity'],
  ];
  for (const [input, text] of cases) assert.equal(CtyNumber.from(input).toString(), text, input);
  assert.equal(CtyNumber.from(12345678901234567890n).toString(), '12345678901234567890');
  assert.equal(CtyNumber.from(1.5).toString(), '1.5');
  assert.equal(CtyNumber.from(1e21).toString(), '1000000000000000000000');
  assert.throws(() => CtyNumber.from(NaN), TypeError);
  assert.equal(CtyNumber.from(2 ** 64).toString(), '18446744073709551616');
  assert.equal(CtyNumber.fromFloat64Exact(0.1).toString(), '0.1000000000000000055511151231257827021181583404541015625');
  assert.equal(CtyNumber.fromFloat64Exact(1.5).toString(), '1.5');
  assert.equal(CtyNumber.fromFloat64Exact(-(2 ** 70)).toString(), '-1180591620717411303424');
  assert.ok(CtyNumber.fromFloat64Exact(Number.MIN_VALUE).isExactFloat64());
  assert.equal(CtyNumber.fromFloat64Exact(Number.MIN_VALUE).toNumber(), Number.MIN_VALUE);
  for (const bad of ['', 'abc', '1.2.3', '--1', '1e', 'e5', '0x10', ' 1', '1e99999999999']) assert.equal(CtyNumber.parse(bad), undefined, bad);
});

test('equality and order are exact', () => {
  assert.ok(CtyNumber.from('1.0').equals(CtyNumber.from(1)));
  assert.ok(!CtyNumber.from('0.1').equals(CtyNumber.from('0.10000000000000001')));
  assert.equal(CtyNumber.from('0.1').compare(CtyNumber.from('0.10000000000000001')), -1);
  assert.equal(CtyNumber.from('-5').compare(CtyNumber.from('3')), -1);
  assert.equal(CtyNumber.from('-5').compare(CtyNumber.from('-30')), 1);
  assert.equal(CtyNumber.from('100').compare(CtyNumber.from('99.999')), 1);
  assert.equal(CtyNumber.from('Infinity').compare(CtyNumber.from('1e400')), 1);
  assert.equal(CtyNumber.from('2').compare(CtyNumber.from('2.000')), 0);
});

test('wire classification: int64, exact float64, or decimal text', () => {
  assert.equal(CtyNumber.from('300').toInt64(), 300n);
  assert.equal(CtyNumber.from('9223372036854775807').toInt64(), 9223372036854775807n);
  assert.equal(CtyNumber.from('9223372036854775808').toInt64(), undefined);
  assert.equal(CtyNumber.from('-9223372036854775808').toInt64(), -9223372036854775808n);
  assert.equal(CtyNumber.from('1.5').toInt64(), undefined);
  assert.ok(CtyNumber.from('1.5').isExactFloat64());
  assert.ok(CtyNumber.from('0.0015').isExactFloat64() === false);
  assert.ok(!CtyNumber.from('0.1').isExactFloat64());
  assert.ok(CtyNumber.from('1e20').isExactFloat64());
  assert.ok(!CtyNumber.from('12345678901234567890').isExactFloat64());
  assert.ok(CtyNumber.from('5e-324').isExactFloat64() === false); // 5e-324 is not exactly the smallest subnormal
  assert.ok(CtyNumber.from(Number.MIN_VALUE.toString()).toNumber() === Number.MIN_VALUE);
  assert.ok(!CtyNumber.from('1e400').isExactFloat64());
  assert.equal(CtyNumber.from('0.1').toNumber(), 0.1);
});
