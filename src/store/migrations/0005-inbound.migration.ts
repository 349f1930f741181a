import { type Kysely, sql } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/** Inbound channels: per-trigger webhook tokens, and the lookup that threads email replies. */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  // Only the token's hash is stored. expires_at is null for the current token of a trigger and
  // set on the tokens that a rotation replaced: they keep working until then (the grace period).
  await db.schema
    .createTable('trigger_webhook_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('trigger_id', 'text', (c) => c.notNull().references('triggers.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp)
    .execute();
  await db.schema
    .createIndex('trigger_webhook_tokens_trigger')
    .on('trigger_webhook_tokens')
    .column('trigger_id')
    .execute();

  // A reply names the Message-ID of the mail it answers; the item is found through the email
  // event that carried that Message-ID. `->>` reads a JSON member on both databases.
  await db.schema
    .createIndex('events_message_id')
    .on('events')
    .expression(sql`(data ->> 'messageId')`)
    .execute();
}
