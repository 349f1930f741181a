import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/**
 * The history of automation rules, and the robot version each run was planned with.
 * - `rule_revisions`: one row per change of a trigger, robot, guard or stage, written in the same
 *   transaction as the change. `before` and `after` are the rule as the API shows it (null before
 *   a creation, after a deletion); a robot's secrets are kept as the robot itself keeps them and
 *   masked when read. No foreign keys: a deleted rule's history outlives it, so it can be restored.
 *   Ids are UUIDv7, so "newest first" is descending id.
 * - `runs.robot_version`: the robot's version when the run was planned; null for older runs.
 */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('rule_revisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rule_kind', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('pipeline_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull())
    .addColumn('before', t.json)
    .addColumn('after', t.json)
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rule_revisions_rule')
    .on('rule_revisions')
    .columns(['rule_id', 'id'])
    .execute();
  await db.schema
    .createIndex('rule_revisions_pipeline')
    .on('rule_revisions')
    .columns(['pipeline_id', 'id'])
    .execute();
  await db.schema.alterTable('runs').addColumn('robot_version', 'integer').execute();
}
