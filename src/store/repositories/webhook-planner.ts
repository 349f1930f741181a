import { type Kysely, sql, type Transaction } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import { fromJson } from '../columns.ts';
import type { Database } from '../schema.ts';

export interface PlannableEvent {
  readonly id: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly subject: unknown;
  readonly data: unknown;
  readonly itemIds: unknown;
}

export interface PlanRequest {
  readonly eventTypes: readonly string[];
  /** Most events read in one pass. */
  readonly limit: number;
  readonly now: Date;
  readonly payloadOf: (event: PlannableEvent) => string;
}

const CURSOR = 'events';
/** Rows per multi-row insert, well under SQLite's limit of bound parameters. */
const INSERT_CHUNK = 500;

/**
 * Plans webhook deliveries from the `events` table, moving by `events.seq`.
 *
 * The cursor (`webhook_cursor.seq`) says: events with a seq at or below it are never planned
 * again. Where commits become visible in seq order (SQLite), a pass reads the events above the
 * cursor and moves it to the last one: exact, and nothing else to remember. On PostgreSQL a
 * transaction may commit after one that took a later sequence value, so the cursor stays
 * `lateCommitWindow` events behind the last event planned, and each event planned in that window
 * is marked (`webhook_planned_events`, by seq) so it is not planned twice. An event whose
 * transaction commits after more than `lateCommitWindow` later events is not delivered: the bound
 * that keeps the cost of a pass independent of how many events were planned recently.
 */
export class WebhookPlanner {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;
  readonly #window: number;

  constructor(db: Kysely<Database>, ids: IdGenerator, lateCommitWindow: number) {
    this.#db = db;
    this.#ids = ids;
    this.#window = lateCommitWindow;
  }

  /** Answers how many events the pass read (0 when there was nothing to plan). */
  async plan(request: PlanRequest): Promise<number> {
    if (await this.#skipUnsubscribed(request.now)) return 0;
    return this.#db.transaction().execute((trx) => this.#planIn(trx, request));
  }

  /**
   * With no enabled subscription, one statement moves the cursor to the newest event and reads no
   * event: a subscription created later gets only what comes after it. Answers false when there
   * is a subscription (or no cursor yet), and the full pass decides.
   */
  async #skipUnsubscribed(now: Date): Promise<boolean> {
    const result = await this.#db
      .updateTable('webhookCursor')
      .set((eb) => ({
        seq: eb.fn.coalesce(
          eb.selectFrom('events').select((e) => e.fn.max('seq').as('max')),
          sql.lit(0),
        ),
        position: now.toISOString(),
      }))
      .where('name', '=', CURSOR)
      .where(({ not, exists, selectFrom, lit }) =>
        // SQLite reads TRUE as 1, so one literal fits both databases.
        not(
          exists(
            selectFrom('webhookSubscriptions').select(lit(1).as('one')).where('enabled', '=', lit(true)),
          ),
        ),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async #planIn(trx: Transaction<Database>, request: PlanRequest): Promise<number> {
    const cursorRow = await trx
      .selectFrom('webhookCursor')
      .select('seq')
      .where('name', '=', CURSOR)
      .executeTakeFirst();
    // The first pass starts at the oldest event kept.
    const cursor = Number(cursorRow?.seq ?? 0);
    const subscriptions = (
      await trx
        .selectFrom('webhookSubscriptions')
        .select(['id', 'eventTypes'])
        .where((eb) => eb('enabled', '=', eb.lit(true)))
        .execute()
    ).map((row) => ({ id: row.id, eventTypes: fromJson<string[]>(row.eventTypes, []) }));
    if (subscriptions.length === 0) {
      const newest = await trx
        .selectFrom('events')
        .select((eb) => eb.fn.max('seq').as('max'))
        .executeTakeFirst();
      await this.#moveCursor(trx, request.now, Number(newest?.max ?? 0));
      return 0;
    }
    const events = await this.#readAfter(trx, cursor, request.limit);
    if (events.length === 0) return 0;

    const stamp = request.now.toISOString();
    const deliveries = [];
    for (const event of events) {
      if (!request.eventTypes.includes(event.type)) continue;
      const takers = subscriptions.filter((s) => s.eventTypes.includes(event.type));
      if (takers.length === 0) continue;
      const payload = request.payloadOf(event);
      for (const subscription of takers)
        deliveries.push({
          id: this.#ids(),
          subscriptionId: subscription.id,
          eventId: event.id,
          // Fixed when planned: every retry of this delivery carries the same webhook-id.
          webhookId: `msg_${this.#ids()}`,
          eventType: event.type,
          payload,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: stamp,
          lastStatus: null,
          lastError: null,
          createdAt: stamp,
          updatedAt: stamp,
        });
    }
    for (let at = 0; at < deliveries.length; at += INSERT_CHUNK)
      await trx
        .insertInto('webhookDeliveries')
        .values(deliveries.slice(at, at + INSERT_CHUNK))
        .onConflict((oc) => oc.columns(['subscriptionId', 'eventId']).doNothing())
        .execute();

    const last = Math.max(...events.map((event) => Number(event.seq)));
    const next = Math.max(cursor, last - this.#window);
    // Marks are needed only for events the next pass can read again: those above the cursor.
    const marks = events
      .filter((event) => Number(event.seq) > next)
      .map((event) => ({ eventId: event.id, receivedAt: event.receivedAt, seq: Number(event.seq) }));
    for (let at = 0; at < marks.length; at += INSERT_CHUNK)
      await trx
        .insertInto('webhookPlannedEvents')
        .values(marks.slice(at, at + INSERT_CHUNK))
        .onConflict((oc) => oc.column('eventId').doNothing())
        .execute();
    // Marks at or below the cursor are never looked at again (a range on their seq index).
    if (next > cursor) await trx.deleteFrom('webhookPlannedEvents').where('seq', '<=', next).execute();
    if (next > cursor || cursorRow === undefined) await this.#moveCursor(trx, request.now, next);
    return events.length;
  }

  /** Events above the cursor not planned yet, oldest first: a range on the seq index. */
  #readAfter(trx: Transaction<Database>, cursor: number, limit: number) {
    const columns = [
      'events.id',
      'events.type',
      'events.occurredAt',
      'events.receivedAt',
      'events.subject',
      'events.data',
      'events.itemIds',
      'events.seq',
    ] as const;
    // Where commits are in seq order no mark is written, but marks an older version of the planner
    // left above the cursor (migration 0019) are still honoured.
    return trx
      .selectFrom('events')
      .leftJoin('webhookPlannedEvents as planned', 'planned.eventId', 'events.id')
      .where('events.seq', '>', cursor)
      .where('planned.eventId', 'is', null)
      .orderBy('events.seq')
      .limit(limit)
      .select(columns)
      .execute();
  }

  /** Writes the cursor (the row exists after the first pass; `position` says when it moved). */
  async #moveCursor(trx: Transaction<Database>, now: Date, seq: number): Promise<void> {
    const position = now.toISOString();
    await trx
      .insertInto('webhookCursor')
      .values({ name: CURSOR, position, seq })
      .onConflict((oc) => oc.column('name').doUpdateSet({ position, seq }))
      .execute();
  }
}
