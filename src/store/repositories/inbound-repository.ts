import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import type { EventSubject } from '../../domain/events/event.ts';
import type { PhoneNumbers } from '../../domain/phone-numbers.ts';
import type { LeadChannel } from '../../domain/pipeline.ts';
import { fromJson } from '../columns.ts';
import type { Database } from '../schema.ts';
import { inOwnTransaction } from '../transaction.ts';
import { hashToken } from './api-tokens-repository.ts';
import { ItemsRepository } from './items-repository.ts';

/** What a rotation hands out: the new secret (shown once) and when the replaced ones expire. */
export interface IssuedWebhookToken {
  readonly token: string;
  readonly previousExpireAt: string | null;
}

const HOOK_TOKEN_PREFIX = 'wh_';

/** The setting under `inbound` that lets each channel's unknown senders become leads. */
const LEAD_SWITCHES: Readonly<Record<LeadChannel, string>> = {
  email: 'createLeads',
  calls: 'createLeadsFromCalls',
  chats: 'createLeadsFromChats',
};

/** Per-trigger webhook tokens and the lookups of inbound mail. */
export class InboundRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;
  readonly #phones: PhoneNumbers;

  constructor(db: Kysely<Database>, ids: IdGenerator, phones: PhoneNumbers) {
    this.#db = db;
    this.#ids = ids;
    this.#phones = phones;
  }

  /**
   * Issues a new token for the trigger. The current one (and any older one still in its grace
   * period) expires at `now + graceMs` at the latest, so a rotation never extends an old token.
   */
  async rotateWebhookToken(triggerId: string, now: Date, graceMs: number): Promise<IssuedWebhookToken> {
    const token = `${HOOK_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const expireAt = new Date(now.getTime() + graceMs).toISOString();
    const replaced = await inOwnTransaction(this.#db, async (trx) => {
      const current = await trx
        .updateTable('triggerWebhookTokens')
        .set({ expiresAt: expireAt })
        .where('triggerId', '=', triggerId)
        .where((eb) => eb.or([eb('expiresAt', 'is', null), eb('expiresAt', '>', expireAt)]))
        .executeTakeFirst();
      await trx
        .insertInto('triggerWebhookTokens')
        .values({
          id: this.#ids(),
          triggerId,
          tokenHash: hashToken(token),
          createdAt: now.toISOString(),
          expiresAt: null,
        })
        .execute();
      return Number(current.numUpdatedRows);
    });
    return { token, previousExpireAt: replaced > 0 ? expireAt : null };
  }

  /** The trigger a token belongs to, if the token is current or still in its grace period. */
  async findTriggerIdByWebhookToken(token: string, now: Date): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('triggerWebhookTokens')
      .select('triggerId')
      .where('tokenHash', '=', hashToken(token))
      .where((eb) => eb.or([eb('expiresAt', 'is', null), eb('expiresAt', '>', now.toISOString())]))
      .executeTakeFirst();
    return row?.triggerId;
  }

  /**
   * The pipeline that takes leads from unknown senders of a channel: the oldest whose settings
   * switch it on (`{"inbound": {"createLeads": true}}` for email, `createLeadsFromCalls`,
   * `createLeadsFromChats`). Pipelines are few, so their settings are read here.
   */
  async findLeadPipelineId(channel: LeadChannel = 'email'): Promise<string | undefined> {
    const rows = await this.#db
      .selectFrom('pipelines')
      .select(['id', 'settings'])
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
    const key = LEAD_SWITCHES[channel];
    return rows.find((row) => {
      const settings = fromJson<{ inbound?: Record<string, unknown> }>(row.settings, {});
      return settings.inbound?.[key] === true;
    })?.id;
  }

  /** The items of one pipeline that a subject names (an item id, a contact, an email, a phone). */
  async itemsOfPipeline(pipelineId: string, subject: EventSubject): Promise<string[]> {
    const ids = await new ItemsRepository(this.#db, this.#ids, this.#phones).resolveSubject(subject);
    if (ids.length === 0) return [];
    const rows = await this.#db
      .selectFrom('items')
      .select('id')
      .where('id', 'in', ids)
      .where('pipelineId', '=', pipelineId)
      .orderBy('id')
      .execute();
    return rows.map((row) => row.id);
  }

  /**
   * The item of the mail that one of `messageIds` names (In-Reply-To, then References, newest
   * first): a robot's mail through its Message-ID link, or an email event that carried it.
   * Ids are compared with and without angle brackets, since senders write both.
   */
  async findItemByMessageIds(messageIds: readonly string[]): Promise<string | undefined> {
    for (const messageId of messageIds) {
      const bare = messageId.trim().replace(/^<|>$/g, '');
      if (bare === '') continue;
      const variants = [bare, `<${bare}>`];
      const linked = await this.#db
        .selectFrom('emailMessages')
        .select('itemId')
        .where('messageId', 'in', variants)
        .where('itemId', 'is not', null)
        .executeTakeFirst();
      if (linked?.itemId != null) return linked.itemId;
      const event = await this.#db
        .selectFrom('events')
        .select(['itemIds', 'subject'])
        .where(sql`(data ->> 'messageId')`, 'in', variants)
        .where('type', 'in', ['email.sent', 'email.received'])
        .orderBy('receivedAt', 'desc')
        .executeTakeFirst();
      const itemId = event === undefined ? undefined : itemOfEvent(event.itemIds, event.subject);
      if (itemId !== undefined) return itemId;
    }
    return undefined;
  }
}

function itemOfEvent(itemIds: unknown, subject: unknown): string | undefined {
  const resolved = fromJson<unknown[]>(itemIds, []);
  if (typeof resolved[0] === 'string') return resolved[0];
  const named = fromJson<EventSubject>(subject, {}).itemId;
  return typeof named === 'string' ? named : undefined;
}
