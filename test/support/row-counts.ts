import { sql } from 'kysely';
import type { TestApp } from './harness.ts';

/**
 * How many rows every table of the database holds, by table name: what a test compares before
 * and after something that must change nothing. Tables are listed from the database itself, so
 * one added later is counted too.
 */
export async function rowCounts(t: TestApp): Promise<Record<string, number>> {
  const { db, capabilities } = t.context.store;
  const tables =
    capabilities.dialect === 'sqlite'
      ? await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)
      : await sql<{
          name: string;
        }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(db);
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const result = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(name)}`.execute(
      db,
    );
    counts[name] = Number(result.rows[0]?.n ?? 0);
  }
  return counts;
}
