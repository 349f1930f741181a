import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/**
 * Documents made from templates. `document_templates` holds the templates people edit (the
 * shipped ones live in the code and need no row); `document_sequences` the number prefix of a
 * kind; `document_counters` the last number given per kind and year, raised in the transaction
 * that inserts the document, so numbers neither repeat nor skip. A document keeps the facts it
 * was made from and its rendered HTML: later changes of the item do not change it. `item_files`
 * holds files uploaded to an item (sent as email attachments), base64 text on both databases.
 */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('document_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('is_default', t.bool, (c) => c.notNull())
    .$call(t.versioned)
    .execute();
  await db.schema
    .createIndex('document_templates_kind')
    .on('document_templates')
    .columns(['kind', 'id'])
    .execute();
  await db.schema
    .createTable('document_sequences')
    .addColumn('kind', 'text', (c) => c.primaryKey())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('document_counters')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_counters_pk', ['kind', 'year'])
    .execute();
  await db.schema.alterTable('documents').addColumn('template_id', 'text').execute();
  await db.schema.alterTable('documents').addColumn('language', 'text').execute();
  await db.schema.alterTable('documents').addColumn('source_document_id', 'text').execute();
  await db.schema.alterTable('documents').addColumn('snapshot', t.json).execute();
  await db.schema.alterTable('documents').addColumn('html', 'text').execute();
  await db.schema
    .createTable('item_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('item_files_item').on('item_files').columns(['item_id', 'id']).execute();
}
