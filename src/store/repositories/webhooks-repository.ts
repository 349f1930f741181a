import type { Kysely, Selectable } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import { notFound } from '../../domain/errors.ts';
import { fromBool, fromJson, toJson } from '../columns.ts';
import type { Capabilities } from '../database.ts';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { Database, WebhookDeliveriesTable, WebhookSubscriptionsTable } from '../schema.ts';
import { updateVersioned } from '../versioned.ts';
import { type PlannableEvent, type PlanRequest, WebhookPlanner } from './webhook-planner.ts';

export type { PlannableEvent, PlanRequest };

/**
 * Where commits may become visible out of seq order (PostgreSQL), events are looked at again this
 * many seq values behind the newest planned: an event transaction may stay open while this many
 * later events commit and still be delivered.
 */
const LATE_COMMIT_WINDOW = 1_000;

export interface WebhookSubscription {
  readonly id: string;
  readonly url: string;
  readonly eventTypes: string[];
  readonly description: string | null;
  readonly enabled: boolean;
  readonly disabledReason: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface WebhookDelivery {
  readonly id: string;
  readonly subscriptionId: string;
  readonly eventId: string;
  readonly webhookId: string;
  readonly eventType: string;
  readonly payload: string;
  readonly status: 'pending' | 'succeeded' | 'failed';
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A claimed delivery with what sending it needs. */
export interface DueDelivery extends WebhookDelivery {
  readonly url: string;
  readonly secret: string;
}

export interface AttemptRecord {
  readonly status: 'pending' | 'succeeded' | 'failed';
  readonly nextAttemptAt: Date | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
}

const toSubscription = (row: Selectable<WebhookSubscriptionsTable>): WebhookSubscription => ({
  id: row.id,
  url: row.url,
  eventTypes: fromJson<string[]>(row.eventTypes, []),
  description: row.description,
  enabled: fromBool(row.enabled),
  disabledReason: row.disabledReason,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  version: row.version,
});

const toDelivery = (row: Selectable<WebhookDeliveriesTable>): WebhookDelivery => ({
  ...row,
  status: row.status as WebhookDelivery['status'],
});

/** Webhook subscriptions and their deliveries. */
export class WebhooksRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;
  readonly #planner: WebhookPlanner;

  /**
   * `capabilities.commitsInSeqOrder` sets how far the planner looks back for events whose
   * transaction committed late. Default: the careful setting (PostgreSQL's).
   */
  constructor(
    db: Kysely<Database>,
    ids: IdGenerator,
    capabilities?: Pick<Capabilities, 'commitsInSeqOrder'>,
  ) {
    this.#db = db;
    this.#ids = ids;
    this.#planner = new WebhookPlanner(
      db,
      ids,
      capabilities?.commitsInSeqOrder === true ? 0 : LATE_COMMIT_WINDOW,
    );
  }

  async createSubscription(
    input: {
      url: string;
      eventTypes: readonly string[];
      description?: string | null | undefined;
      secret: string;
    },
    now: Date,
  ): Promise<WebhookSubscription> {
    const id = this.#ids();
    await this.#db
      .insertInto('webhookSubscriptions')
      .values({
        id,
        url: input.url,
        eventTypes: toJson(input.eventTypes),
        secret: input.secret,
        description: input.description ?? null,
        enabled: 1,
        disabledReason: null,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        version: 1,
      })
      .execute();
    return this.getSubscriptionOrThrow(id);
  }

  async findSubscription(id: string): Promise<WebhookSubscription | undefined> {
    const row = await this.#db
      .selectFrom('webhookSubscriptions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toSubscription(row);
  }

  async getSubscriptionOrThrow(id: string): Promise<WebhookSubscription> {
    const subscription = await this.findSubscription(id);
    if (subscription === undefined) throw notFound('webhook_subscription', id);
    return subscription;
  }

  async listSubscriptions(page: PageRequest): Promise<Page<WebhookSubscription>> {
    const limit = pageSize(page);
    let query = this.#db
      .selectFrom('webhookSubscriptions')
      .selectAll()
      .orderBy('id')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '>', decodeCursor(page.cursor));
    return toPage(await query.execute(), limit, toSubscription);
  }

  /** Enabling again clears the reason it was disabled. */
  async updateSubscription(
    id: string,
    changes: { url?: string; eventTypes?: readonly string[]; description?: string | null; enabled?: boolean },
    expectedVersion: number | undefined,
    now: Date,
  ): Promise<WebhookSubscription> {
    await updateVersioned(this.#db, 'webhookSubscriptions', 'webhook_subscription', id, expectedVersion, {
      ...(changes.url !== undefined && { url: changes.url }),
      ...(changes.eventTypes !== undefined && { eventTypes: toJson(changes.eventTypes) }),
      ...(changes.description !== undefined && { description: changes.description }),
      ...(changes.enabled !== undefined && { enabled: changes.enabled ? 1 : 0 }),
      ...(changes.enabled === true && { disabledReason: null }),
      updatedAt: now.toISOString(),
    });
    return this.getSubscriptionOrThrow(id);
  }

  async deleteSubscription(id: string): Promise<void> {
    const result = await this.#db.deleteFrom('webhookSubscriptions').where('id', '=', id).executeTakeFirst();
    if (Number(result.numDeletedRows) !== 1) throw notFound('webhook_subscription', id);
  }

  async listDeliveries(subscriptionId: string, page: PageRequest): Promise<Page<WebhookDelivery>> {
    const limit = pageSize(page);
    let query = this.#db
      .selectFrom('webhookDeliveries')
      .selectAll()
      .where('subscriptionId', '=', subscriptionId)
      .orderBy('id')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '>', decodeCursor(page.cursor));
    return toPage(await query.execute(), limit, toDelivery);
  }

  /**
   * Plans deliveries for the events past the planner's cursor, in one transaction: the deliveries
   * and the new cursor commit together. Answers how many events it read (see WebhookPlanner).
   */
  planDeliveries(request: PlanRequest): Promise<number> {
    return this.#planner.plan(request);
  }

  /**
   * Claims due deliveries: each is pushed `leaseMs` into the future by a conditional update, so
   * another process that read the same row at the same time fails its update and skips it. A
   * process that dies while sending leaves the delivery to be retried when the lease runs out.
   */
  async claimDue(now: Date, limit: number, leaseMs: number): Promise<DueDelivery[]> {
    const rows = await this.#db
      .selectFrom('webhookDeliveries as d')
      .innerJoin('webhookSubscriptions as s', 's.id', 'd.subscriptionId')
      .selectAll('d')
      .select(['s.url', 's.secret'])
      .where('d.status', '=', 'pending')
      // A subscription disabled by hand keeps its deliveries waiting until it is enabled again.
      .where((eb) => eb('s.enabled', '=', eb.lit(true)))
      .where('d.nextAttemptAt', '<=', now.toISOString())
      .orderBy('d.nextAttemptAt')
      .orderBy('d.id')
      .limit(limit)
      .execute();
    const leaseEnd = new Date(now.getTime() + leaseMs).toISOString();
    const claimed: DueDelivery[] = [];
    for (const row of rows) {
      const result = await this.#db
        .updateTable('webhookDeliveries')
        .set({ nextAttemptAt: leaseEnd, attempts: row.attempts + 1 })
        .where('id', '=', row.id)
        .where('status', '=', 'pending')
        .where('nextAttemptAt', '=', row.nextAttemptAt)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1)
        claimed.push({ ...toDelivery(row), attempts: row.attempts + 1, url: row.url, secret: row.secret });
    }
    return claimed;
  }

  async recordAttempt(id: string, record: AttemptRecord, now: Date): Promise<void> {
    await this.#db
      .updateTable('webhookDeliveries')
      .set({
        status: record.status,
        nextAttemptAt: record.nextAttemptAt?.toISOString() ?? null,
        lastStatus: record.lastStatus,
        lastError: record.lastError,
        updatedAt: now.toISOString(),
      })
      .where('id', '=', id)
      .execute();
  }

  /** The receiver asked to stop (410 Gone): the subscription is disabled and its waiting deliveries fail. */
  async disableSubscription(id: string, reason: string, now: Date): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await trx
        .updateTable('webhookSubscriptions')
        .set((eb) => ({
          enabled: 0,
          disabledReason: reason,
          updatedAt: now.toISOString(),
          version: eb('version', '+', 1),
        }))
        .where('id', '=', id)
        .execute();
      await trx
        .updateTable('webhookDeliveries')
        .set({
          status: 'failed',
          nextAttemptAt: null,
          lastError: `subscription disabled: ${reason}`,
          updatedAt: now.toISOString(),
        })
        .where('subscriptionId', '=', id)
        .where('status', '=', 'pending')
        .execute();
    });
  }

  /** The earliest moment a pending delivery becomes due, to sleep until then. */
  async nextDueAt(): Promise<Date | undefined> {
    const row = await this.#db
      .selectFrom('webhookDeliveries')
      .select((eb) => eb.fn.min('nextAttemptAt').as('next'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return row?.next == null ? undefined : new Date(row.next);
  }
}
