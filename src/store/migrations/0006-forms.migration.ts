import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/**
 * Web forms: a public page per form whose fields are mapped to the contact and the item. The
 * fields are one JSON column: they are always read and written with their form, never queried.
 */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await t
    .versioned(
      db.schema
        .createTable('forms')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('pipeline_id', 'text', (c) => c.notNull().references('pipelines.id').onDelete('cascade'))
        // Null: items start in the pipeline's entry stage, whatever it is when the form is posted.
        .addColumn('stage_id', 'text', (c) => c.references('stages.id').onDelete('set null'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('fields', t.json, (c) => c.notNull())
        .addColumn('success_message', 'text', (c) => c.notNull())
        .addColumn('enabled', t.bool, (c) => c.notNull()),
    )
    .execute();
  await db.schema.createIndex('forms_pipeline').on('forms').column('pipeline_id').execute();
}
