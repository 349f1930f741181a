import type { Kysely } from 'kysely';

/** The language of a form's public page (its fixed texts and messages): `en` or `ru`. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('forms')
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
    .execute();
}
