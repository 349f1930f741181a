import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/**
 * People sign in to the UI with a password and hold a session cookie.
 * - `users.password_hash`: `scrypt$N$r$p$salt$hash` (see automation/passwords.ts); null means the
 *   user cannot sign in (only API tokens reach the API for them).
 * - `sessions`: one row per signed-in browser. The id is the SHA-256 of the cookie's secret, so a
 *   leaked database holds no usable cookie. A user's sessions go with the user.
 * - `sign_in_failures`: failed attempts by key (`email:…`, `ip:…`), counted over a window for the
 *   rate limit; kept in the database so that every serving process counts the same attempts.
 */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema.alterTable('users').addColumn('password_hash', 'text').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_seen_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('sign_in_failures')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('failed_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sign_in_failures_key')
    .on('sign_in_failures')
    .columns(['key', 'failed_at'])
    .execute();
  await db.schema.createIndex('sign_in_failures_at').on('sign_in_failures').column('failed_at').execute();
}
