import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/** Visitor tokens of site tracking, the SMS outbox, and document share links. */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  // A visitor token ties a browser to a contact. Only its hash is stored, like API tokens.
  // first_seen_at stays null until the first visit: that visit is `site.visit`, later ones revisits.
  await db.schema
    .createTable('visitor_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('first_seen_at', t.timestamp)
    .addColumn('last_seen_at', t.timestamp)
    .addColumn('visits', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('visitor_tokens_contact').on('visitor_tokens').column('contact_id').execute();

  // One message per run: run_id is unique, so a retried run finds its message instead of writing another.
  await db.schema
    .createTable('sms_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.unique())
    .addColumn('item_id', 'text')
    .addColumn('to', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('response', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('sent_at', t.timestamp)
    .execute();
  await db.schema.createIndex('sms_outbox_item').on('sms_outbox').column('item_id').execute();

  await db.schema
    .createTable('document_share_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp)
    .addColumn('views', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_viewed_at', t.timestamp)
    .execute();
  await db.schema
    .createIndex('document_share_tokens_document')
    .on('document_share_tokens')
    .column('document_id')
    .execute();
}
