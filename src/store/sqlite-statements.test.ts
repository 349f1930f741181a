import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openSqliteDatabase } from './sqlite-database.ts';

/** Rows as plain objects (node:sqlite gives objects without a prototype). */
const plain = (rows: Iterable<unknown>) => [...rows].map((row) => ({ ...(row as object) }));

function withDatabase(work: (path: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'stageflow-statements-'));
  try {
    work(join(dir, 'stageflow.db'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a statement is prepared once per connection and serves every later call', () => {
  withDatabase((path) => {
    const database = openSqliteDatabase(path);
    try {
      database.prepare('create table t (id integer primary key, name text)').run([]);
      const insert = database.prepare('insert into t (name) values (?)');
      assert.equal(database.prepare('insert into t (name) values (?)'), insert);
      insert.run(['a']);
      database.prepare('insert into t (name) values (?)').run(['b']);
      const select = database.prepare('select name from t order by id');
      assert.equal(select.reader, true);
      assert.deepEqual(plain(database.prepare('select name from t order by id').all([])), [
        { name: 'a' },
        { name: 'b' },
      ]);
    } finally {
      database.close();
    }
  });
});

test('a stream keeps its rows while the same statement runs again', () => {
  withDatabase((path) => {
    const database = openSqliteDatabase(path);
    try {
      database.prepare('create table t (id integer primary key)').run([]);
      for (let id = 1; id <= 3; id++) database.prepare('insert into t (id) values (?)').run([id]);
      const sql = 'select id from t where id >= ? order by id';
      const streamed: unknown[] = [];
      for (const row of database.prepare(sql).iterate([1])) {
        streamed.push(row);
        // The shared statement runs in the middle of the stream.
        assert.deepEqual(plain(database.prepare(sql).all([3])), [{ id: 3 }]);
      }
      assert.deepEqual(plain(streamed), [{ id: 1 }, { id: 2 }, { id: 3 }]);
    } finally {
      database.close();
    }
  });
});
