import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/**
 * `tasks.created_by_user_id` and `activities.created_by_user_id`: the person who created the task
 * or planned the activity (the signed-in user, or the person a robot acts as); null when no person
 * did (an API token, a robot acting as itself). It sits beside `created_by_robot_id`, which stays
 * the robot that created the record, so `complete_tasks` still finds the tasks robots made.
 */
export async function up(db: Kysely<unknown>, _t: ColumnTypes): Promise<void> {
  await db.schema
    .alterTable('tasks')
    .addColumn('created_by_user_id', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .alterTable('activities')
    .addColumn('created_by_user_id', 'text', (c) => c.references('users.id'))
    .execute();
}
