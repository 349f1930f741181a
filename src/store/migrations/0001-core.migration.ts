import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/** The CRM core: people, pipelines, items and everything hanging off an item. */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('supervisor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('department', 'text')
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('calendar', t.json, (c) => c.notNull())
    .addColumn('active', t.bool, (c) => c.notNull())
    .$call(t.versioned)
    .execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('company', 'text')
    .addColumn('emails', t.json, (c) => c.notNull())
    .addColumn('phones', t.json, (c) => c.notNull())
    .addColumn('responsible_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('fields', t.json, (c) => c.notNull())
    .$call(t.versioned)
    .execute();

  // Normalised emails and phones, so an event's sender finds its contact through an index.
  await db.schema
    .createTable('contact_channels')
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_channels_pk', ['contact_id', 'kind', 'value'])
    .execute();
  await db.schema
    .createIndex('contact_channels_lookup')
    .on('contact_channels')
    .columns(['kind', 'value'])
    .execute();

  await db.schema
    .createTable('pipelines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('settings', t.json, (c) => c.notNull())
    .$call(t.versioned)
    .execute();

  await db.schema
    .createTable('stages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pipeline_id', 'text', (c) => c.notNull().references('pipelines.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addColumn('semantics', 'text', (c) => c.notNull())
    .addColumn('color', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stages_pipeline_sort').on('stages').columns(['pipeline_id', 'sort']).execute();

  await db.schema
    .createTable('items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pipeline_id', 'text', (c) => c.notNull().references('pipelines.id'))
    .addColumn('stage_id', 'text', (c) => c.notNull().references('stages.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('amount_minor', t.bigint, (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('paid_minor', t.bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('responsible_id', 'text', (c) => c.references('users.id'))
    .addColumn('fields', t.json, (c) => c.notNull())
    .addColumn('stage_entered_at', t.timestamp, (c) => c.notNull())
    .$call(t.versioned)
    .execute();
  await db.schema
    .createIndex('items_pipeline_stage')
    .on('items')
    .columns(['pipeline_id', 'stage_id'])
    .execute();
  await db.schema.createIndex('items_contact').on('items').column('contact_id').execute();
  await db.schema.createIndex('items_responsible').on('items').column('responsible_id').execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.references('items.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('responsible_id', 'text', (c) => c.references('users.id'))
    .addColumn('observer_ids', t.json, (c) => c.notNull())
    .addColumn('deadline', t.timestamp)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('stage_id', 'text', (c) => c.references('stages.id').onDelete('set null'))
    .addColumn('created_by_robot_id', 'text')
    .addColumn('completed_at', t.timestamp)
    .$call(t.versioned)
    .execute();
  await db.schema.createIndex('tasks_item').on('tasks').column('item_id').execute();
  await db.schema.createIndex('tasks_responsible').on('tasks').column('responsible_id').execute();

  await db.schema
    .createTable('activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.references('items.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('due_at', t.timestamp)
    .addColumn('responsible_id', 'text', (c) => c.references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('auto_complete', t.bool, (c) => c.notNull())
    .addColumn('stage_id', 'text', (c) => c.references('stages.id').onDelete('set null'))
    .addColumn('created_by_robot_id', 'text')
    .addColumn('completed_at', t.timestamp)
    .$call(t.versioned)
    .execute();
  await db.schema.createIndex('activities_item').on('activities').column('item_id').execute();

  await db.schema
    .createTable('timeline_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('data', t.json, (c) => c.notNull())
    .addColumn('author_type', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('root_event_id', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('timeline_item').on('timeline_entries').columns(['item_id', 'id']).execute();

  await db.schema
    .createTable('documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.references('items.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('amount_minor', t.bigint, (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .$call(t.versioned)
    .execute();
  await db.schema.createIndex('documents_item').on('documents').column('item_id').execute();

  await db.schema
    .createTable('payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('document_id', 'text', (c) => c.references('documents.id').onDelete('set null'))
    .addColumn('amount_minor', t.bigint, (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('paid_at', t.timestamp, (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payments_item').on('payments').column('item_id').execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.references('items.id').onDelete('set null'))
    .addColumn('read_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'id']).execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_used_at', t.timestamp)
    .addColumn('revoked_at', t.timestamp)
    .execute();
}
