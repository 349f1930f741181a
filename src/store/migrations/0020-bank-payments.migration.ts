import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/**
 * Incoming payments read from bank statements: once per payment key (the unique index makes a
 * statement imported twice add nothing), with what became of each: recorded for the item it
 * named, or waiting (`unmatched`, indexed for the list people work through) until assigned.
 */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('bank_payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('doc_date', 'text', (c) => c.notNull())
    .addColumn('doc_number', 'text', (c) => c.notNull())
    .addColumn('amount_minor', t.bigint, (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('payer_name', 'text', (c) => c.notNull())
    .addColumn('payer_inn', 'text', (c) => c.notNull())
    .addColumn('payer_account', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.references('items.id').onDelete('set null'))
    .addColumn('payment_id', 'text', (c) => c.references('payments.id').onDelete('set null'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bank_payments_status').on('bank_payments').columns(['status', 'id']).execute();
}
