import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { EventStatus, EventSubject, IncomingEvent, StoredEvent } from '../../domain/events/event.ts';
import { eventOrderKey } from '../../domain/events/order-key.ts';
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
    attempts: row.attempts,
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
    orderKey: eventOrderKey(event.subject),
  };
}

/**
 * Waiting to be processed, as a literal: the partial index on order keys (migration 0017) is used
 * only so. An event being processed is pending too for everyone else: its claim commits with its
 * outcome, and a row left `processing` would hold back its key for good.
 */
const WAITING = sql<boolean>`status = 'pending'`;

/** Accepted events. The primary key is the sender's id: a second copy is refused by the database. */
export class EventsRepository {
  readonly #db: Kysely<Database>;
  readonly #skipLocked: boolean;

  /** `skipLocked`: claim with `for update skip locked` (PostgreSQL). Default: false. */
  constructor(db: Kysely<Database>, skipLocked = false) {
    this.#db = db;
    this.#skipLocked = skipLocked;
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
    // Written as processed in one statement: every run that finishes records one.
    await this.#db
      .insertInto('events')
      .values({
        ...eventRow(event, now),
        status: 'processed',
        processedAt: now.toISOString(),
        // History needs no place in the processing order.
        orderKey: null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
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

  /** `attempts`: how many attempts failed in all, when counted. */
  async markFailed(id: string, error: string, now: Date, attempts?: number): Promise<void> {
    await this.#db
      .updateTable('events')
      .set({
        status: 'failed',
        processedAt: now.toISOString(),
        error,
        ...(attempts !== undefined && { attempts, nextAttemptAt: null }),
      })
      .where('id', '=', id)
      .execute();
  }

  /** A failed attempt that will be tried again: the event stays pending, not due before `at`. */
  async scheduleRetry(id: string, attempts: number, at: Date, error: string): Promise<void> {
    await this.#db
      .updateTable('events')
      .set({ status: 'pending', processedAt: null, attempts, nextAttemptAt: at.toISOString(), error })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Takes the next due pending events, oldest first, for processing in the caller's transaction;
   * on PostgreSQL the rows stay locked until it ends and other transactions skip them, so several
   * batches (and processes) share the work. An event is left out while an earlier unprocessed
   * event of its key is not in the batch (waiting for a retry, or taken by another transaction):
   * events of one key are processed in the order they were accepted. Inside the batch, events of
   * one key come in that order too.
   */
  async claimBatch(limit: number, now: Date): Promise<StoredEvent[]> {
    const due = this.#db
      .selectFrom('events')
      .selectAll()
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('nextAttemptAt', 'is', null), eb('nextAttemptAt', '<=', now.toISOString())]))
      .orderBy('seq')
      .limit(limit);
    const rows = await (this.#skipLocked ? due.forUpdate().skipLocked() : due).execute();
    const keys = [...new Set(rows.flatMap((row) => (row.orderKey === null ? [] : [row.orderKey])))];
    if (keys.length === 0) return rows.map(toEvent);
    // The first unprocessed event of each key outside the batch: nothing of that key after it.
    const earlier = await this.#db
      .selectFrom('events')
      .select((eb) => ['orderKey', eb.fn.min('seq').as('first')])
      .where('orderKey', 'in', keys)
      .where(WAITING)
      .where(
        'id',
        'not in',
        rows.map((row) => row.id),
      )
      .groupBy('orderKey')
      .execute();
    const first = new Map(earlier.map((row) => [row.orderKey, Number(row.first)]));
    return rows
      .filter((row) => {
        const blocker = row.orderKey === null ? undefined : first.get(row.orderKey);
        return blocker === undefined || Number(row.seq) < blocker;
      })
      .map(toEvent);
  }

  /** When the next pending event waiting for a retry is due, if one is waiting after `now`. */
  async nextAttemptAfter(now: Date): Promise<Date | undefined> {
    const row = await this.#db
      .selectFrom('events')
      .select((eb) => eb.fn.min('nextAttemptAt').as('next'))
      .where('status', '=', 'pending')
      .where('nextAttemptAt', '>', now.toISOString())
      .executeTakeFirst();
    const next = row?.next as string | Date | null | undefined;
    return next === null || next === undefined ? undefined : new Date(next);
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
