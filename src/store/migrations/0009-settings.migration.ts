import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/**
 * State of the server that must outlive a restart, one row per key: the manual test clock's
 * present (`manual_clock`), so that a restart does not move time back behind what was stored.
 * Values are text (an ISO 8601 timestamp for the clock): each key says how it is read.
 */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
}
