import { type Kysely, sql } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/**
 * `tasks.overdue_at`: when an open task's deadline is to be checked (its deadline), null once the
 * check fired or nothing waits for it. Planned in the task's own row, in the transaction that set
 * the deadline, so a restart finds every pending check; the index makes finding the due ones a
 * range read instead of a scan of all tasks.
 */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema.alterTable('tasks').addColumn('overdue_at', t.timestamp).execute();
  await db.schema.createIndex('tasks_overdue_at').on('tasks').column('overdue_at').execute();
  // Open tasks whose deadline is still ahead are armed; deadlines passed before the upgrade are
  // not announced late all at once.
  const now = new Date().toISOString();
  await sql`
    update tasks set overdue_at = deadline
    where deadline is not null and deadline > ${now} and status not in ('completed', 'cancelled')
  `.execute(db);
}
