import { type Kysely, sql } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/**
 * Approval mail as a claimed queue. `approvals.mail_due_at` is when the mail of `mail_step` is
 * next tried (the step's start, then a retry's time); null once it went out or was given up, so
 * the index holds only the mail still to send and the due query is a range read.
 * `mail_lease_until` is the end of a sender's claim: while it lies ahead no other process takes
 * the mail, and after a crash the mail is taken again once it passed. The outcome of an attempt
 * is written only by the sender whose lease is still the row's.
 *
 * Mail planned before the upgrade is due at once (from the moment its step started).
 */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema.alterTable('approvals').addColumn('mail_due_at', t.timestamp).execute();
  await db.schema.alterTable('approvals').addColumn('mail_lease_until', t.timestamp).execute();
  await db.schema.createIndex('approvals_mail_due_at').on('approvals').column('mail_due_at').execute();
  // Nothing reads by mail_step alone any more: the due query goes by mail_due_at.
  await db.schema.dropIndex('approvals_mail_step').execute();
  await sql`update approvals set mail_due_at = updated_at where mail_step is not null`.execute(db);
}
