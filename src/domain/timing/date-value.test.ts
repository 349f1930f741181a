import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../errors.ts';
import { readDateValue } from './date-value.ts';

test('reads ISO date-times with an offset as that instant', () => {
  assert.equal(
    readDateValue('2025-02-03T14:00:00+03:00', 'Europe/Berlin')?.toISOString(),
    '2025-02-03T11:00:00.000Z',
  );
  assert.equal(
    readDateValue('2025-02-03T14:00:00.250Z', 'Asia/Kolkata')?.toISOString(),
    '2025-02-03T14:00:00.250Z',
  );
});

test('reads plain dates and date-times without an offset in the given zone', () => {
  assert.equal(readDateValue('2025-07-01', 'Europe/Berlin')?.toISOString(), '2025-06-30T22:00:00.000Z');
  assert.equal(readDateValue('2025-07-01T09:30', 'Asia/Kolkata')?.toISOString(), '2025-07-01T04:00:00.000Z');
});

test('returns a copy of a Date so callers cannot change the fact', () => {
  const original = new Date('2025-02-03T14:00:00Z');
  const read = readDateValue(original, 'UTC');
  assert.notEqual(read, original);
  assert.equal(read?.getTime(), original.getTime());
});

test('treats empty and unreadable values as not set', () => {
  for (const value of [
    undefined,
    null,
    '',
    'tomorrow',
    '2025-13-01',
    '2025-02-03 14:00',
    '03.02.2025',
    0,
    new Date('x'),
  ]) {
    assert.equal(readDateValue(value, 'UTC'), undefined, String(value));
  }
});

test('an unknown zone is an error, not an empty field', () => {
  assert.throws(() => readDateValue('2025-02-03', 'Nowhere/City'), AppError);
});
