import type { Kysely, Selectable } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import { fromJson, toJson } from '../columns.ts';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { Database, OutboxMessagesTable } from '../schema.ts';

export const OUTBOX_STATUSES = ['stored', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** A message robots sent: in the outbox (no SMTP) or as the log of what went out over SMTP. */
export interface OutboxMessage {
  readonly id: string;
  readonly runId: string | null;
  readonly itemId: string | null;
  readonly messageId: string;
  readonly from: string;
  readonly to: string[];
  readonly replyTo: string | null;
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  readonly transport: 'smtp' | 'outbox';
  readonly status: OutboxStatus;
  /** The SMTP server's last answer to a delivery. */
  readonly response: string | null;
  /** Why the last delivery failed. */
  readonly error: string | null;
  /** Delivery attempts over SMTP (0 in the outbox). */
  readonly attempts: number;
  readonly createdAt: string;
  readonly sentAt: string | null;
}

export interface NewOutboxMessage {
  readonly runId: string | null;
  readonly itemId: string | null;
  readonly messageId: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly replyTo: string | null;
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  readonly transport: 'smtp' | 'outbox';
  readonly status: 'stored' | 'sending';
  readonly tracking: readonly { token: string; kind: 'open' | 'click'; url: string | null }[];
}

export interface TrackingToken {
  readonly token: string;
  readonly kind: 'open' | 'click';
  readonly messageId: string;
  readonly itemId: string | null;
  readonly url: string | null;
  /** Times it was used before this use (0 on the first open or click). */
  readonly uses: number;
}

function toOutboxMessage(row: Selectable<OutboxMessagesTable>): OutboxMessage {
  return {
    id: row.id,
    runId: row.runId,
    itemId: row.itemId,
    messageId: row.messageId,
    from: row.fromAddress,
    to: fromJson<string[]>(row.toAddresses, []),
    replyTo: row.replyTo,
    subject: row.subject,
    text: row.text,
    html: row.html,
    transport: row.transport as OutboxMessage['transport'],
    status: row.status as OutboxStatus,
    response: row.response,
    error: row.error,
    attempts: row.attempts,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
  };
}

/** Outgoing mail, the Message-ID → item links, and the tracking tokens. */
export class MailRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;

  constructor(db: Kysely<Database>, ids: IdGenerator) {
    this.#db = db;
    this.#ids = ids;
  }

  async findMessage(messageId: string): Promise<OutboxMessage | undefined> {
    const row = await this.#db
      .selectFrom('outboxMessages')
      .selectAll()
      .where('messageId', '=', messageId)
      .executeTakeFirst();
    return row === undefined ? undefined : toOutboxMessage(row);
  }

  /** The message, its link to the item and its tracking tokens commit together. */
  async recordMessage(message: NewOutboxMessage, now: Date): Promise<void> {
    const at = now.toISOString();
    const write = async (db: Kysely<Database>) => {
      await db
        .insertInto('outboxMessages')
        .values({
          id: this.#ids(),
          runId: message.runId,
          itemId: message.itemId,
          messageId: message.messageId,
          fromAddress: message.from,
          toAddresses: toJson(message.to),
          replyTo: message.replyTo,
          subject: message.subject,
          text: message.text,
          html: message.html,
          transport: message.transport,
          status: message.status,
          response: null,
          error: null,
          attempts: 0,
          createdAt: at,
          sentAt: message.status === 'stored' ? at : null,
        })
        .execute();
      await db
        .insertInto('emailMessages')
        .values({ messageId: message.messageId, itemId: message.itemId, runId: message.runId, createdAt: at })
        .onConflict((oc) => oc.column('messageId').doNothing())
        .execute();
      if (message.tracking.length > 0) {
        await db
          .insertInto('trackingTokens')
          .values(
            message.tracking.map((token) => ({
              token: token.token,
              kind: token.kind,
              messageId: message.messageId,
              itemId: message.itemId,
              url: token.url,
              uses: 0,
              firstUsedAt: null,
              createdAt: at,
            })),
          )
          .execute();
      }
    };
    await (this.#db.isTransaction ? write(this.#db) : this.#db.transaction().execute(write));
  }

  async markDelivery(
    messageId: string,
    outcome: { status: 'sent'; response: string } | { status: 'failed'; error: string },
    now: Date,
  ): Promise<void> {
    const changes =
      outcome.status === 'sent'
        ? { status: 'sent', response: outcome.response, error: null, sentAt: now.toISOString() }
        : { status: 'failed', error: outcome.error.slice(0, 2000) };
    await this.#db
      .updateTable('outboxMessages')
      .set((eb) => ({ ...changes, attempts: eb('attempts', '+', 1) }))
      .where('messageId', '=', messageId)
      .execute();
  }

  /** Newest last (ids are UUIDv7), optionally of one item. */
  async listMessages(
    filter: { itemId?: string | undefined },
    page: PageRequest,
  ): Promise<Page<OutboxMessage>> {
    const limit = pageSize(page);
    let query = this.#db
      .selectFrom('outboxMessages')
      .selectAll()
      .orderBy('id')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '>', decodeCursor(page.cursor));
    if (filter.itemId !== undefined) query = query.where('itemId', '=', filter.itemId);
    return toPage(await query.execute(), limit, toOutboxMessage);
  }

  /** The item a Message-ID belongs to (In-Reply-To threading of inbound mail). */
  async itemOfMessage(messageId: string): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('emailMessages')
      .select('itemId')
      .where('messageId', '=', messageId)
      .executeTakeFirst();
    return row?.itemId ?? undefined;
  }

  /** Counts one use of a token of `kind` and answers it as it was before; undefined for an unknown one. */
  async useToken(token: string, kind: TrackingToken['kind'], now: Date): Promise<TrackingToken | undefined> {
    const row = await this.#db
      .selectFrom('trackingTokens')
      .selectAll()
      .where('token', '=', token)
      .where('kind', '=', kind)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    await this.#db
      .updateTable('trackingTokens')
      .set((eb) => ({
        uses: eb('uses', '+', 1),
        firstUsedAt: eb.fn.coalesce('firstUsedAt', eb.val(now.toISOString())),
      }))
      .where('token', '=', token)
      .execute();
    return {
      token: row.token,
      kind: row.kind as TrackingToken['kind'],
      messageId: row.messageId,
      itemId: row.itemId,
      url: row.url,
      uses: row.uses,
    };
  }
}
