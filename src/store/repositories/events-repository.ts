import type { Kysely, Selectable } from 'kysely';
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
  insert(event: IncomingEvent, now: Date): Promise<boolean> {
    return this.#insert(event, now, 'pending');
  }

  async #insert(event: IncomingEvent, now: Date, status: 'pending' | 'processed'): Promise<boolean> {
    const result = await this.#db
      .insertInto('events')
      .values({
        id: event.id,
        type: event.type,
        source: event.source,
        occurredAt: event.occurredAt.toISOString(),
        receivedAt: now.toISOString(),
        subject: toJson(event.subject),
        data: toJson(event.data),
        status,
        processedAt: status === 'processed' ? now.toISOString() : null,
        itemIds: toJson([]),
        error: null,
        rootEventId: event.rootEventId ?? event.id,
        depth: event.depth ?? 0,
        causeRunId: event.causeRunId ?? null,
        causeJournalId: event.causeJournalId ?? null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /**
   * Records an event that needs no processing (run and notification records for webhook
   * subscriptions): stored as processed, so the engine never matches triggers on it.
   */
  async record(event: IncomingEvent, now: Date): Promise<void> {
    // Written as processed in its one insert: a run's finish writes it on every run.
    await this.#insert(event, now, 'processed');
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
