import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/**
 * Approvals asked by `request_approval`: one row per run (the unique run_id keeps a retried run
 * from asking twice), the approvers in order, whose turn it is, and the decisions so far.
 * `due_at` is the current step's deadline and `mail_step` the step whose mail is still to be
 * sent; both are planned in the row by the transaction that starts the step, so a restart finds
 * them, and both are indexed so the engine reads only the due ones. `link_key` signs the
 * one-click links of the approval's mail (HMAC), so a link cannot be made for another approval,
 * step or decision, and works on every server that shares the database.
 */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await t
    .versioned(
      db.schema
        .createTable('approvals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('item_id', 'text', (c) => c.notNull().references('items.id').onDelete('cascade'))
        .addColumn('robot_id', 'text')
        .addColumn('run_id', 'text', (c) => c.unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('approver_ids', t.json, (c) => c.notNull())
        .addColumn('step', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('decisions', t.json, (c) => c.notNull())
        .addColumn('deadline_minutes', 'integer')
        .addColumn('on_deadline', 'text', (c) => c.notNull())
        .addColumn('due_at', t.timestamp)
        .addColumn('current_approver_id', 'text')
        .addColumn('mail_step', 'integer')
        .addColumn('mail_attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('link_key', 'text', (c) => c.notNull()),
    )
    .execute();
  await db.schema.createIndex('approvals_item').on('approvals').columns(['item_id', 'id']).execute();
  await db.schema
    .createIndex('approvals_approver')
    .on('approvals')
    .columns(['current_approver_id', 'id'])
    .execute();
  await db.schema.createIndex('approvals_due_at').on('approvals').column('due_at').execute();
  await db.schema.createIndex('approvals_mail_step').on('approvals').column('mail_step').execute();
}
