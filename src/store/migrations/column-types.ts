import type { ColumnDataType, CreateTableBuilder } from 'kysely';
import type { Capabilities } from '../database.ts';

/** Column types that differ between the two databases, chosen once per migration run. */
export interface ColumnTypes {
  readonly timestamp: ColumnDataType;
  readonly json: ColumnDataType;
  readonly bool: ColumnDataType;
  readonly bigint: ColumnDataType;
  /**
   * How a column numbering rows in insertion order is made: `bigserial` (PostgreSQL) or `rowid`
   * (SQLite, where the table's rowid is copied by a trigger).
   */
  readonly sequence: 'bigserial' | 'rowid';
  /** Adds created_at, updated_at and version (optimistic concurrency). */
  versioned<T extends string>(table: CreateTableBuilder<T, never>): CreateTableBuilder<T, never>;
}

export function columnTypes(capabilities: Capabilities): ColumnTypes {
  const postgres = capabilities.dialect === 'postgres';
  const timestamp: ColumnDataType = postgres ? 'timestamptz' : 'text';
  return {
    timestamp,
    json: postgres ? 'jsonb' : 'text',
    bool: postgres ? 'boolean' : 'integer',
    bigint: postgres ? 'bigint' : 'integer',
    sequence: postgres ? 'bigserial' : 'rowid',
    versioned: (table) =>
      table
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)),
  };
}
