import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../errors.ts';
import { addDuration, parseDuration, readDuration } from './duration.ts';

const BERLIN = 'Europe/Berlin';

test('parses ISO 8601 durations into their parts', () => {
  assert.deepEqual(parseDuration('P1DT2H30M'), {
    sign: 1,
    years: 0,
    months: 0,
    weeks: 0,
    days: 1,
    hours: 2,
    minutes: 30,
    seconds: 0,
  });
  assert.equal(parseDuration('PT72H')?.hours, 72);
  assert.equal(parseDuration('P3D')?.days, 3);
  assert.equal(parseDuration('PT15M')?.minutes, 15);
  assert.equal(parseDuration('P1W')?.weeks, 1);
  assert.equal(parseDuration('P1M')?.months, 1);
  assert.equal(parseDuration('P1Y')?.years, 1);
  assert.equal(parseDuration('PT45S')?.seconds, 45);
});

test('reads a leading sign, minus for going backwards', () => {
  assert.equal(parseDuration('-P1D')?.sign, -1);
  assert.equal(parseDuration('-P1D')?.days, 1);
  assert.equal(parseDuration('+PT1H')?.sign, 1);
});

test('refuses empty durations and text that is not a duration', () => {
  for (const text of [
    '',
    'P',
    'PT',
    '-P',
    'P1DT',
    '1D',
    'P-1D',
    'PT1.5H',
    'P1H',
    'PT1D',
    'p1d',
    'P1D ',
    'abc',
  ]) {
    assert.equal(parseDuration(text), undefined, text);
  }
  assert.equal(parseDuration(72), undefined);
  assert.equal(parseDuration(null), undefined);
});

test('refuses durations longer than ten years and accepts ten years', () => {
  assert.notEqual(parseDuration('P10Y'), undefined);
  assert.notEqual(parseDuration('P3652D'), undefined);
  for (const text of ['P11Y', 'P3653D', 'P121M', 'PT87700H', 'P9999999999D']) {
    assert.equal(parseDuration(text), undefined, text);
  }
  assert.deepEqual(readDuration('P11Y'), { problem: 'must not be longer than 10 years' });
});

test('explains why a duration is refused', () => {
  assert.match((readDuration('PT') as { problem: string }).problem, /at least one part/);
  assert.match((readDuration('3 days') as { problem: string }).problem, /ISO 8601 duration/);
});

test('P1D across the spring DST change keeps the wall-clock time', () => {
  // Berlin moves from +01:00 to +02:00 on Sunday 30 March 2025.
  const start = new Date('2025-03-29T10:00:00+01:00');
  const next = addDuration(start, parseDuration('P1D')!, BERLIN);
  assert.equal(next.toISOString(), new Date('2025-03-30T10:00:00+02:00').toISOString());
});

test('PT24H across the spring DST change is elapsed time, not a calendar day', () => {
  const start = new Date('2025-03-29T10:00:00+01:00');
  const next = addDuration(start, parseDuration('PT24H')!, BERLIN);
  assert.equal(next.toISOString(), new Date('2025-03-30T11:00:00+02:00').toISOString());
});

test('P1D across the autumn DST change keeps the wall-clock time', () => {
  // Berlin moves from +02:00 back to +01:00 on Sunday 26 October 2025.
  const start = new Date('2025-10-25T10:00:00+02:00');
  const next = addDuration(start, parseDuration('P1D')!, BERLIN);
  assert.equal(next.toISOString(), new Date('2025-10-26T10:00:00+01:00').toISOString());
});

test('adds calendar parts in wall-clock time and time parts as elapsed time', () => {
  // Saturday 01:30 + P1D is Sunday 01:30 (+01:00); two more hours cross the gap to 04:30 (+02:00).
  const start = new Date('2025-03-29T01:30:00+01:00');
  const next = addDuration(start, parseDuration('P1DT2H')!, BERLIN);
  assert.equal(next.toISOString(), new Date('2025-03-30T04:30:00+02:00').toISOString());
});

test('a negative duration goes backwards', () => {
  const start = new Date('2025-03-31T10:00:00+02:00');
  const earlier = addDuration(start, parseDuration('-P2D')!, BERLIN);
  assert.equal(earlier.toISOString(), new Date('2025-03-29T10:00:00+01:00').toISOString());
});

test('P1M from the end of a month lands on the last day of the shorter month', () => {
  const start = new Date('2025-01-31T12:00:00Z');
  assert.equal(addDuration(start, parseDuration('P1M')!, 'UTC').toISOString(), '2025-02-28T12:00:00.000Z');
});

test('calendar days follow the half-hour offset of Asia/Kolkata', () => {
  const start = new Date('2025-01-10T23:45:00+05:30');
  const next = addDuration(start, parseDuration('P1D')!, 'Asia/Kolkata');
  assert.equal(next.toISOString(), new Date('2025-01-11T23:45:00+05:30').toISOString());
});

test('an unknown time zone is an invalid-input error', () => {
  assert.throws(
    () => addDuration(new Date(), parseDuration('P1D')!, 'Mars/Olympus'),
    (error: unknown) =>
      error instanceof AppError && error.code === 'invalid_time_zone' && error.kind === 'invalid',
  );
});
