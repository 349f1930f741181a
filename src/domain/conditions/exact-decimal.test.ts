import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareDecimals, decimalToNumber, multiply, shift, toDecimal } from './exact-decimal.ts';

const decimal = (value: unknown) => {
  const read = toDecimal(value);
  assert.ok(read, String(value));
  return read;
};

test('reads numbers as the decimal they print as, and decimal text as written', () => {
  assert.deepEqual(toDecimal(150000.5), { digits: 1500005n, scale: 1 });
  assert.deepEqual(toDecimal(-12), { digits: -12n, scale: 0 });
  assert.deepEqual(toDecimal(1e21), { digits: 10n ** 21n, scale: 0 });
  assert.deepEqual(toDecimal(1.5e-7), { digits: 15n, scale: 8 });
  assert.deepEqual(toDecimal('0.10'), { digits: 10n, scale: 2 });
  for (const other of ['1e3', ' 1', 'x', Number.NaN, Number.POSITIVE_INFINITY, null, true])
    assert.equal(toDecimal(other), undefined, String(other));
});

test('products and comparisons are exact', () => {
  assert.equal(compareDecimals(multiply(decimal(0.1), decimal(3)), decimal(0.3)), 0);
  assert.equal(compareDecimals(decimal(0.30000000000000004), decimal(0.3)), 1);
  assert.equal(compareDecimals(decimal(-2), decimal(1)), -1);
  assert.equal(decimalToNumber(shift(multiply(decimal(50000), decimal(50)), 2)), 25000);
  assert.equal(decimalToNumber(shift(decimal(-5), 3)), -0.005);
});
