import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMoney, MAX_MONEY_TEXT, MONEY_PATTERN_SOURCE, moneyText, parseMoney } from './money.ts';

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

test('the range is 13 digits before the point: every amount in it is exact end to end', () => {
  assert.equal(parseMoney('9999999999999.99'), 999_999_999_999_999);
  assert.equal(parseMoney('-9999999999999.99'), -999_999_999_999_999);
  assert.equal(formatMoney(999_999_999_999_999), '9999999999999.99');
  for (const text of ['10000000000000', '99999999999999.99']) assert.equal(parseMoney(text), undefined, text);
  assert.ok(new RegExp(MONEY_PATTERN_SOURCE).test(MAX_MONEY_TEXT));
  assert.ok(!new RegExp(MONEY_PATTERN_SOURCE).test('99999999999999.99'));
});

test('the number facts carry converts back to the very same decimal (moneyText)', () => {
  // A deterministic sweep over the whole range, the edges and every cent pattern included.
  let seed = 7;
  const next = () => {
    seed = (seed * 48271) % 2147483647;
    return seed;
  };
  const samples = [
    '0.00',
    '0.01',
    '0.10',
    '150000.50',
    '9999999999999.99',
    '-9999999999999.99',
    '1234567890123.45',
  ];
  for (let i = 0; i < 20000; i += 1) {
    const whole = String(next() * 4657 + next()).slice(0, 1 + (next() % 13));
    samples.push(`${whole}.${String(next() % 100).padStart(2, '0')}`);
  }
  for (const text of samples) {
    const minor = parseMoney(text);
    assert.ok(minor !== undefined, text);
    assert.equal(moneyText(minor / 100), formatMoney(minor), text);
    assert.equal(moneyText(Number(text)), formatMoney(minor), text);
  }
});
