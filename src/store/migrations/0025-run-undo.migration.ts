import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/**
 * `runs.undone_at` and `runs.undone_by`: when a person undid a succeeded run's changes, and who
 * (a JSON actor: user id and name). A run is undone at most once; the columns say so where the
 * runs are listed, without reading the journal.
 * `triggers.act_as` and `robots.act_as`: the person a rule acts as (a user id or a person
 * reference, JSON), so its moves and entries are attributed to them; null acts as the rule.
 */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema.alterTable('runs').addColumn('undone_at', t.timestamp).execute();
  await db.schema.alterTable('runs').addColumn('undone_by', t.json).execute();
  await db.schema.alterTable('triggers').addColumn('act_as', t.json).execute();
  await db.schema.alterTable('robots').addColumn('act_as', t.json).execute();
}
