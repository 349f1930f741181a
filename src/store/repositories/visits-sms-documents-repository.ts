import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { Database, SmsOutboxTable } from '../schema.ts';
import { hashToken } from './api-tokens-repository.ts';

/** Visitor tokens start with `sfv_`, share tokens with `sfd_`: 256 random bits each. */
const newToken = (prefix: string): string => `${prefix}${randomBytes(32).toString('base64url')}`;

/** A visit of a known visitor: which contact, and whether it began a new visit. */
export interface RecordedVisit {
  readonly contactId: string;
  /** 1 for the contact's first visit through this token. */
  readonly visitNumber: number;
  /** False for a page view inside an ongoing visit (seen less than `sessionMs` ago). */
  readonly newVisit: boolean;
  /** A new visit, and the contact's first through any of their tokens: `site.visit`, not a revisit. */
  readonly firstOfContact: boolean;
  readonly tokenHash: string;
}

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

/** Site visitors, the SMS log (the outbox without a provider), and document share links. */
export class VisitsSmsDocumentsRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;

  constructor(db: Kysely<Database>, ids: IdGenerator) {
    this.#db = db;
    this.#ids = ids;
  }

  async issueVisitorToken(contactId: string, now: Date): Promise<string> {
    const token = newToken('sfv_');
    await this.#db
      .insertInto('visitorTokens')
      .values({ tokenHash: hashToken(token), contactId, createdAt: now.toISOString(), visits: 0 })
      .execute();
    return token;
  }

  /**
   * Counts a page view of a visitor token. A view more than `sessionMs` after the last one starts
   * a new visit; the count is raised in one statement, so two first views cannot both be visit 1.
   * Undefined for a token nobody issued.
   */
  async recordVisit(token: string, now: Date, sessionMs: number): Promise<RecordedVisit | undefined> {
    const tokenHash = hashToken(token);
    const at = now.toISOString();
    const sessionStart = new Date(now.getTime() - sessionMs).toISOString();
    const started = await this.#db
      .updateTable('visitorTokens')
      .set((eb) => ({
        visits: eb('visits', '+', 1),
        lastSeenAt: at,
        firstSeenAt: eb.fn.coalesce('firstSeenAt', eb.val(at)),
      }))
      .where('tokenHash', '=', tokenHash)
      .where((eb) => eb.or([eb('lastSeenAt', 'is', null), eb('lastSeenAt', '<', sessionStart)]))
      .returning(['contactId', 'visits'])
      .executeTakeFirst();
    if (started !== undefined) {
      const earlier =
        started.visits > 1 ||
        (await this.#db
          .selectFrom('visitorTokens')
          .select('tokenHash')
          .where('contactId', '=', started.contactId)
          .where('tokenHash', '!=', tokenHash)
          .where('firstSeenAt', 'is not', null)
          .executeTakeFirst()) !== undefined;
      return {
        contactId: started.contactId,
        visitNumber: started.visits,
        newVisit: true,
        firstOfContact: !earlier,
        tokenHash,
      };
    }
    const ongoing = await this.#db
      .updateTable('visitorTokens')
      .set({ lastSeenAt: at })
      .where('tokenHash', '=', tokenHash)
      .returning(['contactId', 'visits'])
      .executeTakeFirst();
    return ongoing === undefined
      ? undefined
      : {
          contactId: ongoing.contactId,
          visitNumber: ongoing.visits,
          newVisit: false,
          firstOfContact: false,
          tokenHash,
        };
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

  async issueShareToken(documentId: string, now: Date, expiresAt: Date | null): Promise<string> {
    const token = newToken('sfd_');
    await this.#db
      .insertInto('documentShareTokens')
      .values({
        tokenHash: hashToken(token),
        documentId,
        createdAt: now.toISOString(),
        expiresAt: expiresAt?.toISOString() ?? null,
        views: 0,
      })
      .execute();
    return token;
  }

  /** Counts a view of a share link that exists and has not expired; answers the views before it. */
  async viewShared(
    token: string,
    now: Date,
  ): Promise<{ documentId: string; tokenHash: string; views: number } | undefined> {
    const tokenHash = hashToken(token);
    const at = now.toISOString();
    const row = await this.#db
      .updateTable('documentShareTokens')
      .set((eb) => ({ views: eb('views', '+', 1), lastViewedAt: at }))
      .where('tokenHash', '=', tokenHash)
      .where((eb) => eb.or([eb('expiresAt', 'is', null), eb('expiresAt', '>', at)]))
      .returning(['documentId', 'views'])
      .executeTakeFirst();
    return row === undefined ? undefined : { documentId: row.documentId, tokenHash, views: row.views - 1 };
  }
}
