import { type Kysely, sql } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/** The tables whose rows are the rules the engine caches: a write to any of them is a new version. */
const RULE_TABLES = ['pipelines', 'stages', 'triggers', 'robots', 'guards'] as const;

/**
 * One row counting changes to the rules (pipelines, stages, triggers, robots, guards), so each
 * process can keep the rules in memory and see in one cheap read, at its next transaction, that
 * another process changed them. The database bumps the counter itself, by triggers on those tables,
 * in the same transaction as the change: no writer can forget it (repositories, imports, restores,
 * the demo loader, later migrations and hand-written SQL alike), and a rolled-back change bumps
 * nothing.
 */
export async function up(db: Kysely<unknown>, types: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('rule_versions')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', types.bigint, (c) => c.notNull())
    .execute();
  // Written as SQL: a migration's database has no typed schema to name the new table by.
  await sql`insert into rule_versions (id, version) values (1, 1)`.execute(db);
  if (types.sequence === 'bigserial') {
    await sql`
      create function bump_rule_version() returns trigger language plpgsql as $$
      begin
        update rule_versions set version = version + 1 where id = 1;
        return null;
      end
      $$`.execute(db);
    for (const table of RULE_TABLES) {
      // Once per statement, not per row: a bulk import is one bump.
      await sql`
        create trigger ${sql.raw(`${table}_rule_version`)}
        after insert or update or delete or truncate on ${sql.table(table)}
        for each statement execute function bump_rule_version()`.execute(db);
    }
    return;
  }
  // SQLite has row-level triggers only: one per table and kind of write.
  for (const table of RULE_TABLES) {
    for (const operation of ['insert', 'update', 'delete'] as const) {
      await sql`
        create trigger ${sql.raw(`${table}_${operation}_rule_version`)}
        after ${sql.raw(operation)} on ${sql.table(table)}
        begin
          update rule_versions set version = version + 1 where id = 1;
        end`.execute(db);
    }
  }
}
