import type { Kysely } from 'kysely';
import type { PhoneNumbers } from '../../domain/phone-numbers.ts';
import { recordPhoneRegion, reindexPhones } from '../phone-index.ts';
import type { Database } from '../schema.ts';

/**
 * Phone numbers are matched in E.164 from now on: the index rows of every stored number are keyed
 * again, in the default region of the process that migrates (STAGEFLOW_DEFAULT_REGION of
 * `stageflow migrate` or `serve`). The numbers as written stay as they were. The region used is
 * recorded, so a later change of the setting keys the index again (see phone-index.ts).
 */
export async function up(db: Kysely<unknown>, phones: PhoneNumbers): Promise<void> {
  await db.schema
    .createTable('store_settings')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  const typed = db as Kysely<Database>;
  await reindexPhones(typed, phones);
  await recordPhoneRegion(typed, phones);
}
