import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.ts';

/**
 * Multi-row inserts written as SQL text with bound parameters: a hundred thousand rows go in
 * seconds, where one repository call per row would take minutes. Each statement is its own
 * transaction (autocommit), so a chunk is all or nothing. Columns are the stored snake_case names.
 */
export async function bulkInsert(
  db: Kysely<Database>,
  dialect: 'sqlite' | 'postgres',
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  // SQLite binds at most 32,766 parameters per statement, PostgreSQL 65,535.
  const limit = dialect === 'sqlite' ? 32_000 : 60_000;
  const perChunk = Math.max(1, Math.floor(limit / columns.length));
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const marks = row.map((value) => {
        params.push(dialect === 'sqlite' && typeof value === 'boolean' ? (value ? 1 : 0) : value);
        return dialect === 'sqlite' ? '?' : `$${params.length}`;
      });
      return `(${marks.join(', ')})`;
    });
    const text = `insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')}`;
    await db.executeQuery(CompiledQuery.raw(text, params));
  }
}

/** One statement as SQL text (placeholders written `?`, turned into `$n` for PostgreSQL). */
export async function query<T>(
  db: Kysely<Database>,
  dialect: 'sqlite' | 'postgres',
  text: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  let n = 0;
  const compiled = dialect === 'sqlite' ? text : text.replace(/\?/g, () => `$${++n}`);
  const result = await db.executeQuery<T>(CompiledQuery.raw(compiled, [...params]));
  return [...result.rows];
}
