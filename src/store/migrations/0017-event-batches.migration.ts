import { type Kysely, sql } from 'kysely';
import { eventOrderKey } from '../../domain/events/order-key.ts';
import { fromJson } from '../columns.ts';
import type { ColumnTypes } from './column-types.ts';

/**
 * Events are claimed in batches and retried with backoff, in order per subject:
 * - `order_key`: the item (or the canonical subject) an event is ordered under; an event is not
 *   taken while an earlier one with the same key is unprocessed.
 * - `attempts` and `next_attempt_at`: a failed event waits for its next attempt, and holds back
 *   the later events of its key only.
 * The partial index serves the "earlier waiting event of this key" check, which must not read the
 * processed history of a busy item.
 */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await sql`alter table events add column order_key text`.execute(db);
  await sql`alter table events add column attempts integer not null default 0`.execute(db);
  await sql`alter table events add column next_attempt_at ${sql.raw(String(t.timestamp))}`.execute(db);
  // Only unprocessed events are ever checked by key; the history keeps a null key.
  const waiting = await sql<{ id: string; subject: unknown }>`
    select id, subject from events where status in ('pending', 'processing')
  `.execute(db);
  for (const row of waiting.rows) {
    const key = eventOrderKey(fromJson(row.subject, {}));
    await sql`update events set order_key = ${key} where id = ${row.id}`.execute(db);
  }
  await sql`create index events_waiting_key on events (order_key, seq) where status = 'pending'`.execute(db);
}
