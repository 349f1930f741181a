import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InexactNumber, isExactNumberText, markInexactNumbers } from './exact-number.ts';

test('a number text is exact when its parse prints as the same decimal', () => {
  for (const text of [
    '0',
    '-0',
    '0.1',
    '0.10',
    '150000.50',
    '1e2',
    '1E+2',
    '100.000',
    '0.30000000000000004',
    '-12.5e-3',
  ]) {
    assert.ok(isExactNumberText(text, Number(text)), text);
  }
  for (const text of [
    '0.10000000000000001',
    '12345678901234567890',
    '9007199254740993',
    '1.00000000000000001e5',
    '1e400',
    '1e-400',
  ]) {
    assert.ok(!isExactNumberText(text, Number(text)), text);
  }
});

test('the reviver marks inexact numbers and keeps exact ones', () => {
  const parsed = JSON.parse('{"a":0.1,"b":[9007199254740993],"c":"9007199254740993"}', markInexactNumbers);
  assert.equal(parsed.a, 0.1);
  assert.ok(parsed.b[0] instanceof InexactNumber);
  assert.equal(parsed.b[0].source, '9007199254740993');
  assert.equal(parsed.c, '9007199254740993');
});
