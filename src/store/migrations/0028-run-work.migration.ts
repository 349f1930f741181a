import type { Kysely } from 'kysely';

/**
 * `runs.work_kind` and `runs.work_id`: the task (`task`) or activity (`activity`) a run timed
 * against the item's work (`task.deadline`, `activity.start`) was last planned for, so its
 * templates can name that task or meeting when it fires. Null for other runs, and while such a
 * run waits for a task or activity.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('runs').addColumn('work_kind', 'text').execute();
  await db.schema.alterTable('runs').addColumn('work_id', 'text').execute();
}
