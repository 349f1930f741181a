import type { Kysely } from 'kysely';

/**
 * Where a payment comes from: the sending system (`source`, e.g. "1c") and its own id of the
 * payment (`external_id`). The unique index is what records a payment once, whether it arrives
 * through the API, as an event, or as both, and however often it is sent; rows without an external
 * id (NULLs) never collide.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('payments').addColumn('source', 'text').execute();
  await db.schema.alterTable('payments').addColumn('external_id', 'text').execute();
  await db.schema
    .createIndex('payments_source_external_id')
    .unique()
    .on('payments')
    .columns(['source', 'external_id'])
    .execute();
}
