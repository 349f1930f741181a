import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * Failed sign-in attempts, one row per attempt and key, so every process serving the same
 * database counts the same attempts for the rate limit.
 */
export class SignInFailuresRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async record(keys: readonly string[], at: Date): Promise<void> {
    if (keys.length === 0) return;
    const failedAt = at.toISOString();
    await this.#db
      .insertInto('signInFailures')
      .values(keys.map((key) => ({ key, failedAt })))
      .execute();
  }

  async since(key: string, since: Date): Promise<Date[]> {
    const rows = await this.#db
      .selectFrom('signInFailures')
      .select('failedAt')
      .where('key', '=', key)
      .where('failedAt', '>', since.toISOString())
      .orderBy('failedAt')
      .execute();
    return rows.map((row) => new Date(row.failedAt));
  }

  async clear(key: string): Promise<void> {
    await this.#db.deleteFrom('signInFailures').where('key', '=', key).execute();
  }

  async prune(before: Date): Promise<void> {
    await this.#db.deleteFrom('signInFailures').where('failedAt', '<=', before.toISOString()).execute();
  }
}
