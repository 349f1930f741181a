import type { Kysely } from 'kysely';
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
