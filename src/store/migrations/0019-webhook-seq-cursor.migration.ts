import { type Kysely, sql } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/** How far behind its cursor the old planner looked again (webhook-dispatcher.ts before 0019). */
const OLD_OVERLAP_MS = 5 * 60_000;

/**
 * The webhook planner moves by `events.seq` instead of `received_at`. Re-reading five minutes of
 * events on every pass made its cost grow with the load (after a burst most of the SQL per event),
 * and its clean-up scanned the marks table. Now the cursor is a seq, and marks carry the seq of
 * their event, indexed, so a pass reads only events past the cursor and the clean-up is a range.
 *
 * The new cursor starts where the old one was certain: the last event received before the old
 * overlap window. Events inside the window keep their marks, so none is planned twice.
 */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema.alterTable('webhook_cursor').addColumn('seq', t.bigint).execute();
  await db.schema.alterTable('webhook_planned_events').addColumn('seq', t.bigint).execute();
  await sql`
    update webhook_planned_events
    set seq = (select e.seq from events e where e.id = webhook_planned_events.event_id)
  `.execute(db);
  await sql`delete from webhook_planned_events where seq is null`.execute(db);
  await db.schema
    .createIndex('webhook_planned_events_seq')
    .on('webhook_planned_events')
    .column('seq')
    .execute();
  // max(seq) and the planner's range read, without the (status, seq) index's status prefix.
  await db.schema.createIndex('events_seq').on('events').column('seq').execute();

  const cursor = await sql<{ position: string | Date }>`
    select position from webhook_cursor where name = 'events'
  `.execute(db);
  const [row] = cursor.rows;
  if (row === undefined) return;
  const certain = new Date(new Date(row.position).getTime() - OLD_OVERLAP_MS).toISOString();
  await sql`
    update webhook_cursor
    set seq = coalesce((select max(e.seq) from events e where e.received_at < ${certain}), 0)
    where name = 'events'
  `.execute(db);
}
