import { type Kysely, sql } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/**
 * Events are processed in the order they were accepted. `received_at` cannot say it: the events of
 * one request (a batch) share it, and so does everything on a clock that stands still; they were
 * then taken in the order of their ids, which senders choose. `seq` numbers events as they are
 * inserted: a sequence on PostgreSQL, the rowid on SQLite (set by a trigger, as SQLite cannot add
 * an auto-incrementing column to a table that exists).
 */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  if (t.sequence === 'bigserial') {
    // Existing rows are numbered in their physical order, which is as good as any for the past.
    await sql`alter table events add column seq bigserial`.execute(db);
  } else {
    await sql`alter table events add column seq integer`.execute(db);
    await sql`update events set seq = rowid`.execute(db);
    await sql`
      create trigger events_seq after insert on events for each row when new.seq is null
      begin update events set seq = new.rowid where rowid = new.rowid; end
    `.execute(db);
  }
  await db.schema.createIndex('events_pending_seq').on('events').columns(['status', 'seq']).execute();
}
