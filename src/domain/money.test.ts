import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMoney, parseMoney } from './money.ts';

test('parses decimal money into exact minor units', () => {
  assert.equal(parseMoney('1500'), 150000);
  assert.equal(parseMoney('1500.5'), 150050);
  assert.equal(parseMoney('0.1'), 10);
  assert.equal(parseMoney('0.29'), 29);
  assert.equal(parseMoney('-12.34'), -1234);
  assert.equal(parseMoney(' 7.00 '), 700);
});

test('refuses text that is not money', () => {
  for (const text of ['', 'abc', '1.234', '1e5', '1,50', '--1', '12.', '.5', '9999999999999999']) {
    assert.equal(parseMoney(text), undefined, text);
  }
});

test('formats minor units with exactly two decimals', () => {
  assert.equal(formatMoney(150000), '1500.00');
  assert.equal(formatMoney(5), '0.05');
  assert.equal(formatMoney(-1234), '-12.34');
  assert.equal(formatMoney(0), '0.00');
});

test('parse and format round-trip without floating point drift', () => {
  for (const text of ['0.10', '0.20', '0.30', '19.99', '123456789012.34']) {
    assert.equal(formatMoney(parseMoney(text)!), text);
  }
  assert.equal(formatMoney(parseMoney('0.10')! + parseMoney('0.20')!), '0.30');
});
