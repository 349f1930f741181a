import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Runs `work` in a transaction, joining the caller's when `db` already is one: a repository's
 * multi-statement write stays atomic alone and inside a larger unit of work (a move, an event).
 */
export function inOwnTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

let savepoints = 0;

/**
 * Runs `work` inside a SAVEPOINT of the transaction `db`: when it throws, its writes are rolled
 * back and the transaction can go on (on PostgreSQL an error aborts the whole transaction until
 * then). The error is passed on as it was, also when the rollback itself fails (a lost connection:
 * the transaction is lost anyway, and the caller must see the original trouble).
 */
export async function withSavepoint<T>(db: Kysely<Database>, work: () => Promise<T>): Promise<T> {
  if (!db.isTransaction) throw new Error('A savepoint needs a transaction');
  savepoints += 1;
  const name = sql.raw(`step_${savepoints}`);
  await sql`savepoint ${name}`.execute(db);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    try {
      await sql`rollback to savepoint ${name}`.execute(db);
      await sql`release savepoint ${name}`.execute(db);
    } catch {
      // The original error says what went wrong; this one only repeats it.
    }
    throw error;
  }
  await sql`release savepoint ${name}`.execute(db);
  return result;
}
