import type { Kysely } from 'kysely';
import { toTimestamp } from '../columns.ts';
import type { Database } from '../schema.ts';

const MANUAL_CLOCK = 'manual_clock';

/** State of the server that outlives a restart (the `settings` table). */
export class SettingsRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Where the manual test clock stood when it was last moved; undefined if it never was. */
  async findManualClock(): Promise<Date | undefined> {
    const row = await this.#db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', MANUAL_CLOCK)
      .executeTakeFirst();
    return row === undefined ? undefined : new Date(row.value);
  }

  /**
   * Stores the manual clock's present, unless a later one is stored already: the stored value
   * never goes back, also when two servers advance at once. ISO 8601 UTC strings of one format
   * order like the times they name, so the comparison is done by the database, atomically.
   */
  async raiseManualClock(at: Date): Promise<void> {
    const value = toTimestamp(at);
    await this.#db
      .insertInto('settings')
      // updated_at is when the row was written, in real time, not the test clock's time.
      .values({ key: MANUAL_CLOCK, value, updatedAt: toTimestamp(new Date()) })
      .onConflict((conflict) =>
        conflict
          .column('key')
          .doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updatedAt: eb.ref('excluded.updatedAt') }))
          .where('settings.value', '<', value),
      )
      .execute();
  }
}
