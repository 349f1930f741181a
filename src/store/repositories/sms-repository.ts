import type { Kysely, Selectable } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { Database, SmsOutboxTable } from '../schema.ts';

export interface SmsMessage {
  readonly id: string;
  readonly runId: string | null;
  readonly itemId: string | null;
  readonly to: string;
  readonly text: string;
  /** `outbox` without a provider; otherwise the provider's host. */
  readonly provider: string;
  readonly status: 'stored' | 'sending' | 'sent' | 'failed';
  readonly response: string | null;
  readonly attempts: number;
  readonly createdAt: string;
  readonly sentAt: string | null;
}

const toSms = (row: Selectable<SmsOutboxTable>): SmsMessage => ({
  id: row.id,
  runId: row.runId,
  itemId: row.itemId,
  to: row.to,
  text: row.text,
  provider: row.provider,
  status: row.status as SmsMessage['status'],
  response: row.response,
  attempts: row.attempts,
  createdAt: row.createdAt,
  sentAt: row.sentAt,
});

/** The SMS log: every message a run sent, and without a provider the outbox itself. */
export class SmsRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;

  constructor(db: Kysely<Database>, ids: IdGenerator) {
    this.#db = db;
    this.#ids = ids;
  }

  /** Stores the message of a run once (run_id is unique); a retry of the run gets the stored one back. */
  async recordSms(
    message: { runId: string; itemId: string | null; to: string; text: string; provider: string },
    now: Date,
  ): Promise<SmsMessage> {
    const status = message.provider === 'outbox' ? 'stored' : 'sending';
    const at = now.toISOString();
    await this.#db
      .insertInto('smsOutbox')
      .values({
        id: this.#ids(),
        ...message,
        status,
        response: null,
        attempts: 0,
        createdAt: at,
        sentAt: status === 'stored' ? at : null,
      })
      .onConflict((oc) => oc.column('runId').doNothing())
      .execute();
    const stored = await this.findSmsOfRun(message.runId);
    if (stored === undefined) throw new Error(`The SMS of run ${message.runId} was not stored`);
    return stored;
  }

  async findSmsOfRun(runId: string): Promise<SmsMessage | undefined> {
    const row = await this.#db
      .selectFrom('smsOutbox')
      .selectAll()
      .where('runId', '=', runId)
      .executeTakeFirst();
    return row === undefined ? undefined : toSms(row);
  }

  async markSms(
    id: string,
    outcome: { status: 'sent' | 'failed'; response: string },
    now: Date,
  ): Promise<void> {
    await this.#db
      .updateTable('smsOutbox')
      .set((eb) => ({
        status: outcome.status,
        response: outcome.response.slice(0, 2000),
        attempts: eb('attempts', '+', 1),
        ...(outcome.status === 'sent' && { sentAt: now.toISOString() }),
      }))
      .where('id', '=', id)
      .execute();
  }

  /** Oldest first (ids are UUIDv7), optionally of one item. */
  async listSms(filter: { itemId?: string | undefined }, page: PageRequest): Promise<Page<SmsMessage>> {
    const limit = pageSize(page);
    let query = this.#db
      .selectFrom('smsOutbox')
      .selectAll()
      .orderBy('id')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '>', decodeCursor(page.cursor));
    if (filter.itemId !== undefined) query = query.where('itemId', '=', filter.itemId);
    return toPage(await query.execute(), limit, toSms);
  }
}
