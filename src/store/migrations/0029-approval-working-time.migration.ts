import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/**
 * `approvals.deadline_in_working_time`: whether `deadline_minutes` counts only the working time of
 * the approver whose step it is, so each step that starts (an escalation too) plans its `due_at`
 * in that approver's calendar and time zone. Approvals asked before it count wall-clock minutes,
 * as they did.
 */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .alterTable('approvals')
    .addColumn('deadline_in_working_time', t.bool, (c) => c.notNull().defaultTo(false))
    .execute();
}
