import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ERROR_CATALOGUE, type ErrorCode } from './error-catalogue.ts';
import { AppError, conflict, ERROR_KINDS, invalid, notFound, toAppError, unavailable } from './errors.ts';

const CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

describe('the error catalogue', () => {
  test('every code is snake_case with a known kind and a one-line title', () => {
    for (const code of CODES) {
      const { kind, title, retryable } = ERROR_CATALOGUE[code];
      assert.match(code, /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, code);
      assert.ok(ERROR_KINDS.includes(kind), `${code}: ${kind}`);
      assert.match(title, /^[A-Z][^\n.]*[^\s.]$/, `${code}: "${title}"`);
      assert.equal(typeof retryable, 'boolean', code);
    }
  });

  test('an error takes its retryability from the catalogue unless the occurrence says otherwise', () => {
    // An internal error would be retried by its kind alone; the catalogue knows a rebuild will not help.
    assert.equal(new AppError('web_build_failed', 'internal', 'no vite').retryable, false);
    assert.equal(new AppError('http_timeout', 'internal', 'slow').retryable, true);
    assert.equal(
      new AppError('smtp_unavailable', 'internal', 'bad config', { retryable: false }).retryable,
      false,
    );
    assert.equal(toAppError(new Error('boom')).retryable, ERROR_CATALOGUE.internal_error.retryable);
  });

  test("the factories raise catalogued codes of the catalogue's kind", () => {
    const raised = [
      notFound('item', 'i-1'),
      invalid('/body/name', 'is required'),
      invalid('/cursor', 'is not a cursor', 'invalid_cursor'),
      conflict('stage_in_use', 'Stage s-1 still has items'),
      unavailable('database_busy', 'busy'),
    ];
    for (const error of raised) {
      assert.ok(Object.hasOwn(ERROR_CATALOGUE, error.code), error.code);
      assert.equal(error.kind, ERROR_CATALOGUE[error.code].kind, error.code);
    }
    assert.equal(raised[0]?.code, 'item_not_found');
  });
});

/**
 * Never called: these lines are checked by `tsc`, which must refuse each one (an unused
 * `@ts-expect-error` is itself an error). This is what keeps every code the API or the journal
 * can show in the catalogue.
 */
export function refusedByTheTypeChecker(): AppError[] {
  return [
    // @ts-expect-error a code that is not catalogued
    new AppError('not_in_the_catalogue', 'invalid', 'x'),
    // @ts-expect-error a catalogued code with another kind than the catalogue's
    new AppError('item_not_found', 'conflict', 'x'),
    // @ts-expect-error a resource whose _not_found code is not catalogued
    notFound('widget', 'w-1'),
    // @ts-expect-error a code of another kind given to a kind's factory
    conflict('item_not_found', 'x'),
    // @ts-expect-error
    invalid('/body', 'x', 'stale_version'),
  ];
}
