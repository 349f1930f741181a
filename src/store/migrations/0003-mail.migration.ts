import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/**
 * Outgoing mail: every message a robot sends (the outbox, also the log of what SMTP sent), the
 * Message-IDs that tie mail to items (read by inbound mail for In-Reply-To threading), and the
 * open/click tracking tokens.
 */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  // message_id is unique: a retried run (same Message-ID) finds its message instead of a second one.
  await db.schema
    .createTable('outbox_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text')
    .addColumn('item_id', 'text')
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('from_address', 'text', (c) => c.notNull())
    .addColumn('to_addresses', t.json, (c) => c.notNull())
    .addColumn('reply_to', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('html', 'text')
    .addColumn('transport', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('response', 'text')
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('sent_at', t.timestamp)
    .execute();
  await db.schema.createIndex('outbox_item').on('outbox_messages').columns(['item_id', 'id']).execute();

  await db.schema
    .createTable('email_messages')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text')
    .addColumn('run_id', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_messages_item').on('email_messages').column('item_id').execute();

  // The token is the only key a recipient holds: 256 random bits, never derived from ids.
  await db.schema
    .createTable('tracking_tokens')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text')
    .addColumn('url', 'text')
    .addColumn('uses', 'integer', (c) => c.notNull())
    .addColumn('first_used_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tracking_message').on('tracking_tokens').column('message_id').execute();
}
