import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromDatabaseError, isConnectionError, isTransientDatabaseError } from './database-errors.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('database errors', () => {
  const connectionClass: [string, unknown][] = [
    ['connection refused', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['connection reset', withCode('read ECONNRESET', 'ECONNRESET')],
    ['administrator shutdown (pg_terminate_backend, -m fast)', withCode('terminating connection', '57P01')],
    ['crash shutdown', withCode('terminating connection because of crash', '57P02')],
    ['starting up or shutting down', withCode('the database system is shutting down', '57P03')],
    ['class 08', withCode('connection failure', '08006')],
    ['too many connections', withCode('sorry, too many clients already', '53300')],
    ['the socket ended', new Error('Connection terminated unexpectedly')],
    ['a broken client', new Error('Client has encountered a connection error and is not queryable')],
    ['no free connection in time', new Error('timeout exceeded when trying to connect')],
    [
      'connect timeout, wrapped by the pool',
      new Error('Connection terminated due to connection timeout', {
        cause: new Error('Connection terminated unexpectedly'),
      }),
    ],
    ['no answer in time', new Error('Query read timeout')],
  ];
  for (const [what, error] of connectionClass) {
    test(`${what} is the retryable "unavailable" kind`, () => {
      assert.equal(isConnectionError(error), true);
      assert.equal(isTransientDatabaseError(error), true);
      const mapped = fromDatabaseError(error);
      assert.equal(mapped?.kind, 'unavailable');
      assert.equal(mapped?.code, 'database_unavailable');
      assert.equal(mapped?.retryable, true);
      assert.equal(mapped?.cause, error);
    });
  }

  test('SQLite busy and locked past busy_timeout are "unavailable" too', () => {
    for (const errcode of [5, 6, 517, 261]) {
      const error = Object.assign(new Error('database is locked'), { code: 'ERR_SQLITE_ERROR', errcode });
      assert.equal(fromDatabaseError(error)?.kind, 'unavailable');
      assert.equal(fromDatabaseError(error)?.code, 'database_busy');
      assert.equal(isTransientDatabaseError(error), true);
    }
  });

  test('a serialization failure or a deadlock is "unavailable": the same request again succeeds', () => {
    for (const code of ['40001', '40P01']) {
      const mapped = fromDatabaseError(withCode('could not serialize access', code));
      assert.equal(mapped?.kind, 'unavailable');
      assert.equal(mapped?.code, 'database_busy');
      assert.equal(mapped?.retryable, true);
    }
  });

  test('constraint violations and other errors are not the connection class', () => {
    assert.equal(fromDatabaseError(withCode('duplicate key', '23505'))?.kind, 'conflict');
    assert.equal(fromDatabaseError(withCode('syntax error', '42601')), undefined);
    assert.equal(isConnectionError(new Error('Cannot read properties of undefined')), false);
    assert.equal(isTransientDatabaseError(withCode('deadlock detected', '40P01')), true);
    assert.equal(isConnectionError(withCode('deadlock detected', '40P01')), false);
  });
});
