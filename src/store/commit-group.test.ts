import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestStore } from '../../test/support/harness.ts';
import { CommitGroup } from './commit-group.ts';

describe('a commit group (sqlite)', () => {
  test('units started together share one transaction; a failing one rolls back alone', async () => {
    const { store, cleanup } = await createTestStore('sqlite');
    try {
      await sql`create table notes (id integer primary key, text text not null)`.execute(store.db);
      const group = new CommitGroup(store.db);
      const transactions = new Set<unknown>();
      const write = (id: number) =>
        group.run(async (trx) => {
          transactions.add(trx);
          await sql`insert into notes (id, text) values (${id}, ${`note ${id}`})`.execute(trx);
          if (id === 2) throw new Error('unit 2 fails');
          return id;
        });
      const answers = await Promise.allSettled([write(1), write(2), write(3)]);
      assert.deepEqual(
        answers.map((answer) => (answer.status === 'fulfilled' ? answer.value : String(answer.reason))),
        [1, 'Error: unit 2 fails', 3],
      );
      assert.equal(transactions.size, 1, 'one transaction for the three');
      const rows = await sql<{ id: number }>`select id from notes order by id`.execute(store.db);
      assert.deepEqual(
        rows.rows.map((row) => row.id),
        [1, 3],
      );
    } finally {
      await cleanup();
    }
  });

  test('when the shared commit fails, every unit fails and nothing is stored', async () => {
    const { store, cleanup } = await createTestStore('sqlite');
    try {
      await sql`create table notes (id integer primary key, text text not null)`.execute(store.db);
      // Checked at commit: a unit that breaks it fails the whole transaction, not only itself.
      await sql`pragma foreign_keys = on`.execute(store.db);
      await sql`create table parents (id integer primary key)`.execute(store.db);
      await sql`create table children (id integer primary key, parent integer references parents (id) deferrable initially deferred)`.execute(
        store.db,
      );
      const group = new CommitGroup(store.db);
      const answers = await Promise.allSettled([
        group.run((trx) => sql`insert into notes (id, text) values (1, 'kept?')`.execute(trx)),
        group.run((trx) => sql`insert into children (id, parent) values (1, 99)`.execute(trx)),
      ]);
      assert.deepEqual(
        answers.map((answer) => answer.status),
        ['rejected', 'rejected'],
      );
      const rows = await sql<{ count: number }>`select count(*) as count from notes`.execute(store.db);
      assert.equal(Number(rows.rows[0]?.count), 0);
    } finally {
      await cleanup();
    }
  });
});
