import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/**
 * Notifications that reach people by email.
 *
 * `notification_preferences`: per user, the language of the mail and, per kind of notification,
 * `immediately` | `hourly` | `off` (JSON); a user without a row has the defaults.
 *
 * `notification_emails`: the mail queue. A row is written in the transaction that creates the
 * notification (so none is lost or sent for a notification that was rolled back); an hourly
 * digest is one row per user and hour (`digest_key`), which later notifications of that hour
 * join. `due_at` is when the worker takes it: the planned time, then a retry's time; while a
 * worker sends it, its lease's end.
 *
 * `notifications` name their kind, an optional link, the email they go with and that email's
 * state (copied there after each attempt, so the notification's own change feed shows it).
 */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('notification_preferences')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('email', t.json, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notification_emails')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('due_at', t.timestamp, (c) => c.notNull())
    .addColumn('sent_at', t.timestamp)
    .addColumn('digest_key', 'text', (c) => c.unique())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('notification_emails_due')
    .on('notification_emails')
    .columns(['status', 'due_at'])
    .execute();

  await db.schema
    .alterTable('notifications')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('other'))
    .execute();
  await db.schema.alterTable('notifications').addColumn('link', 'text').execute();
  await db.schema
    .alterTable('notifications')
    .addColumn('email_id', 'text', (c) => c.references('notification_emails.id').onDelete('set null'))
    .execute();
  await db.schema.alterTable('notifications').addColumn('email_mode', 'text').execute();
  await db.schema.alterTable('notifications').addColumn('email_status', 'text').execute();
  await db.schema
    .alterTable('notifications')
    .addColumn('email_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('notifications').addColumn('email_error', 'text').execute();
  await db.schema.alterTable('notifications').addColumn('email_sent_at', t.timestamp).execute();
  await db.schema.createIndex('notifications_email').on('notifications').column('email_id').execute();
}
