import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/** The automation engine: events, rules (triggers, robots, guards), runs (the queue) and the journal. */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  // Each stage entry gets its own id, so runs belong to one entry and leaving cancels only its runs.
  await db.schema.alterTable('items').addColumn('stage_entry_id', 'text').execute();

  // The sender's id is the key: a second copy hits the primary key, never a check-then-insert.
  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('occurred_at', t.timestamp, (c) => c.notNull())
    .addColumn('received_at', t.timestamp, (c) => c.notNull())
    .addColumn('subject', t.json, (c) => c.notNull())
    .addColumn('data', t.json, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('processed_at', t.timestamp)
    .addColumn('item_ids', t.json, (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('root_event_id', 'text', (c) => c.notNull())
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('cause_run_id', 'text')
    .addColumn('cause_journal_id', 'text')
    .execute();
  await db.schema.createIndex('events_pending').on('events').columns(['status', 'received_at']).execute();

  await db.schema
    .createTable('triggers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('pipeline_id', 'text', (c) => c.notNull().references('pipelines.id').onDelete('cascade'))
    .addColumn('stage_id', 'text', (c) => c.notNull().references('stages.id').onDelete('cascade'))
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('filter', t.json)
    .addColumn('condition', t.json)
    .addColumn('allow_backward', t.bool, (c) => c.notNull())
    .addColumn('enabled', t.bool, (c) => c.notNull())
    .$call(t.versioned)
    .execute();
  // Matching reads only the triggers of the event's pipeline and type.
  await db.schema
    .createIndex('triggers_match')
    .on('triggers')
    .columns(['pipeline_id', 'event_type', 'enabled'])
    .execute();

  await db.schema
    .createTable('robots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('pipeline_id', 'text', (c) => c.notNull().references('pipelines.id').onDelete('cascade'))
    .addColumn('stage_id', 'text', (c) => c.notNull().references('stages.id').onDelete('cascade'))
    .addColumn('action_type', 'text', (c) => c.notNull())
    .addColumn('params', t.json, (c) => c.notNull())
    .addColumn('timing', t.json, (c) => c.notNull())
    .addColumn('condition', t.json)
    .addColumn('after_previous', t.bool, (c) => c.notNull())
    .addColumn('repeat', 'text', (c) => c.notNull())
    .addColumn('retry', t.json, (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addColumn('enabled', t.bool, (c) => c.notNull())
    .$call(t.versioned)
    .execute();
  await db.schema.createIndex('robots_stage').on('robots').columns(['stage_id', 'sort']).execute();

  await db.schema
    .createTable('guards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('pipeline_id', 'text', (c) => c.notNull().references('pipelines.id').onDelete('cascade'))
    .addColumn('stage_id', 'text', (c) => c.notNull().references('stages.id').onDelete('cascade'))
    .addColumn('condition', t.json, (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('enabled', t.bool, (c) => c.notNull())
    .$call(t.versioned)
    .execute();
  await db.schema.createIndex('guards_stage').on('guards').column('stage_id').execute();

  // The queue. Runs outlive their robot (the journal keeps them), so robot_id is no foreign key.
  await db.schema
    .createTable('runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('robot_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('pipeline_id', 'text', (c) => c.notNull())
    .addColumn('stage_id', 'text', (c) => c.notNull())
    .addColumn('stage_entry_id', 'text', (c) => c.notNull())
    .addColumn('action_type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('planned_at', t.timestamp, (c) => c.notNull())
    .addColumn('due_at', t.timestamp)
    .addColumn('started_at', t.timestamp)
    .addColumn('finished_at', t.timestamp)
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', t.timestamp)
    .addColumn('reason', 'text')
    .addColumn('error', t.json)
    .addColumn('result', t.json)
    .addColumn('previous_run_id', 'text')
    .addColumn('root_event_id', 'text')
    .addColumn('cause_event_id', 'text')
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('runs_due').on('runs').columns(['status', 'due_at']).execute();
  await db.schema.createIndex('runs_entry').on('runs').columns(['item_id', 'stage_entry_id']).execute();
  await db.schema.createIndex('runs_robot_item').on('runs').columns(['robot_id', 'item_id']).execute();
  await db.schema.createIndex('runs_lease').on('runs').columns(['status', 'lease_expires_at']).execute();

  await db.schema
    .createTable('journal_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text')
    .addColumn('event_id', 'text')
    .addColumn('run_id', 'text')
    .addColumn('trigger_id', 'text')
    .addColumn('robot_id', 'text')
    .addColumn('guard_id', 'text')
    .addColumn('stage_id', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('data', t.json, (c) => c.notNull())
    .addColumn('root_event_id', 'text')
    .addColumn('cause_id', 'text')
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('journal_item').on('journal_entries').columns(['item_id', 'id']).execute();
  await db.schema
    .createIndex('journal_chain')
    .on('journal_entries')
    .columns(['root_event_id', 'item_id'])
    .execute();
  await db.schema.createIndex('journal_event').on('journal_entries').column('event_id').execute();
  await db.schema.createIndex('journal_run').on('journal_entries').column('run_id').execute();
  await db.schema.createIndex('journal_created').on('journal_entries').column('created_at').execute();
}
