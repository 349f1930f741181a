import type { Insertable, Kysely, Selectable } from 'kysely';
import type { EventStatus, EventSubject, IncomingEvent, StoredEvent } from '../../domain/events/event.ts';
import { fromJson, toJson } from '../columns.ts';
import type { Database, EventsTable } from '../schema.ts';

export function toEvent(row: Selectable<EventsTable>): StoredEvent {
  return {
    id: row.id,
    type: row.type,
    source: row.source,
    occurredAt: row.occurredAt,
    receivedAt: row.receivedAt,
    subject: fromJson<EventSubject>(row.subject, {}),
    data: fromJson(row.data, {}),
    status: row.status as EventStatus,
    processedAt: row.processedAt,
    itemIds: fromJson<string[]>(row.itemIds, []),
    error: row.error,
    rootEventId: row.rootEventId,
    depth: row.depth,
    causeRunId: row.causeRunId,
    causeJournalId: row.causeJournalId,
  };
}

/**
 * Bound parameters in one multi-row insert. SQLite allows 32,766 per statement and PostgreSQL
 * 65,535; staying well under both leaves room for columns added to the row later.
 */
const MAX_PARAMETERS = 16_000;

/** The stored row of a newly accepted event: pending, its own root unless it has a cause. */
export function eventRow(event: IncomingEvent, now: Date): Insertable<EventsTable> {
  return {
    id: event.id,
    type: event.type,
    source: event.source,
    occurredAt: event.occurredAt.toISOString(),
    receivedAt: now.toISOString(),
    subject: toJson(event.subject),
    data: toJson(event.data),
    status: 'pending',
    processedAt: null,
    itemIds: toJson([]),
    error: null,
    rootEventId: event.rootEventId ?? event.id,
    depth: event.depth ?? 0,
    causeRunId: event.causeRunId ?? null,
    causeJournalId: event.causeJournalId ?? null,
  };
}

/** Accepted events. The primary key is the sender's id: a second copy is refused by the database. */
export class EventsRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /**
   * Inserts the event unless one with its id exists. `on conflict do nothing` decides in one
   * statement, so two copies arriving at the same moment still make one row.
   */
  async insert(event: IncomingEvent, now: Date): Promise<boolean> {
    const result = await this.#db
      .insertInto('events')
      .values(eventRow(event, now))
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /**
   * Inserts the events whose ids are not stored yet, in their order (so `seq` follows it), with
   * as few statements as the databases' parameter limits allow; answers the ids it inserted. An id
   * given twice is inserted once, as its first occurrence. Atomic only inside the caller's
   * transaction.
   */
  async insertMany(events: readonly IncomingEvent[], now: Date): Promise<Set<string>> {
    const seen = new Set<string>();
    const rows: Insertable<EventsTable>[] = [];
    for (const event of events) {
      if (seen.has(event.id)) continue;
      seen.add(event.id);
      rows.push(eventRow(event, now));
    }
    const inserted = new Set<string>();
    if (rows.length === 0) return inserted;
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(rows[0] as object).length));
    for (let start = 0; start < rows.length; start += perStatement) {
      const answered = await this.#db
        .insertInto('events')
        .values(rows.slice(start, start + perStatement))
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .execute();
      for (const row of answered) inserted.add(row.id);
    }
    return inserted;
  }

  /**
   * Records an event that needs no processing (run and notification records for webhook
   * subscriptions): stored as processed, so the engine never matches triggers on it.
   */
  async record(event: IncomingEvent, now: Date): Promise<void> {
    await this.insert(event, now);
    await this.#db
      .updateTable('events')
      .set({ status: 'processed', processedAt: now.toISOString() })
      .where('id', '=', event.id)
      .execute();
  }

  async find(id: string): Promise<StoredEvent | undefined> {
    const row = await this.#db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toEvent(row);
  }

  /**
   * Claims a pending event inside the caller's transaction, in one conditional statement: of two
   * processors only one gets it (on PostgreSQL the other waits for the row, then finds it taken).
   * A rolled-back transaction leaves the event pending.
   */
  async claim(id: string, now: Date): Promise<boolean> {
    const result = await this.#db
      .updateTable('events')
      .set({ status: 'processing', processedAt: now.toISOString() })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async markProcessed(id: string, itemIds: readonly string[], now: Date): Promise<void> {
    await this.#db
      .updateTable('events')
      .set({ status: 'processed', processedAt: now.toISOString(), itemIds: toJson(itemIds), error: null })
      .where('id', '=', id)
      .execute();
  }

  async markFailed(id: string, error: string, now: Date): Promise<void> {
    await this.#db
      .updateTable('events')
      .set({ status: 'failed', processedAt: now.toISOString(), error })
      .where('id', '=', id)
      .execute();
  }

  async countUnprocessed(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const row = await this.#db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('id', 'in', [...ids])
      .where('status', 'in', ['pending', 'processing'])
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /** Accepted events not processed yet, in the order they were accepted. */
  async listPending(limit: number): Promise<StoredEvent[]> {
    const rows = await this.#db
      .selectFrom('events')
      .selectAll()
      .where('status', '=', 'pending')
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toEvent);
  }
}
