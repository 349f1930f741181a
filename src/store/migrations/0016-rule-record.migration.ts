import type { Kysely } from 'kysely';

/**
 * Indexes for each rule's record and the backfill: a trigger's journal entries and a robot's runs
 * by time (the 30-day counts, the alerts, the last firing) and by id (their pages, newest first),
 * and a stage's items by the time they entered it (the backfill preview). Without them each of
 * these reads scans the whole journal or every run.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('journal_trigger_kind_created')
    .on('journal_entries')
    .columns(['trigger_id', 'kind', 'created_at'])
    .execute();
  await db.schema
    .createIndex('journal_trigger_id')
    .on('journal_entries')
    .columns(['trigger_id', 'id'])
    .execute();
  await db.schema
    .createIndex('runs_robot_finished')
    .on('runs')
    .columns(['robot_id', 'finished_at'])
    .execute();
  await db.schema.createIndex('runs_robot_id').on('runs').columns(['robot_id', 'id']).execute();
  await db.schema
    .createIndex('items_stage_entered')
    .on('items')
    .columns(['stage_id', 'stage_entered_at', 'id'])
    .execute();
}
