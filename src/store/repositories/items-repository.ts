import type { Kysely, Selectable } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import type { ContactChannelKind } from '../../domain/contact.ts';
import { normalizeChat, normalizeEmail } from '../../domain/contact-channels.ts';
import { notFound } from '../../domain/errors.ts';
import type { EventSubject } from '../../domain/events/event.ts';
import { DEFAULT_CURRENCY, type Item } from '../../domain/item.ts';
import { formatMoney } from '../../domain/money.ts';
import type { PhoneNumbers } from '../../domain/phone-numbers.ts';
import { entryStage, type Stage, type StageSemantics } from '../../domain/pipeline.ts';
import { containsIgnoringCase, fromJson, toJson } from '../columns.ts';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { Database, ItemsTable, StagesTable } from '../schema.ts';
import { deleteById, updateVersioned } from '../versioned.ts';

export interface NewItem {
  readonly pipelineId: string;
  readonly stageId: string;
  readonly title: string;
  readonly amountMinor?: number;
  readonly currency?: string;
  readonly contactId?: string | null;
  readonly responsibleId?: string | null;
  readonly fields?: Readonly<Record<string, unknown>>;
}

export interface ItemChanges {
  readonly title?: string | undefined;
  readonly amountMinor?: number | undefined;
  readonly currency?: string | undefined;
  readonly contactId?: string | null | undefined;
  readonly responsibleId?: string | null | undefined;
  readonly fields?: Readonly<Record<string, unknown>> | undefined;
}

export interface ItemFilter {
  readonly pipelineId?: string | undefined;
  readonly stageId?: string | undefined;
  readonly contactId?: string | undefined;
  readonly responsibleId?: string | undefined;
  /** Items kept in this currency only (a payment can be recorded only in its item's currency). */
  readonly currency?: string | undefined;
  /** A part of the title, matched without regard to case. */
  readonly q?: string | undefined;
}

export function toItem(row: Selectable<ItemsTable>): Item {
  return {
    id: row.id,
    pipelineId: row.pipelineId,
    stageId: row.stageId,
    title: row.title,
    amount: formatMoney(Number(row.amountMinor)),
    currency: row.currency,
    paidAmount: formatMoney(Number(row.paidMinor)),
    contactId: row.contactId,
    responsibleId: row.responsibleId,
    fields: fromJson(row.fields, {}),
    stageEnteredAt: row.stageEnteredAt,
    stageEntryId: row.stageEntryId ?? row.id,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

export function toStage(row: Selectable<StagesTable>): Stage {
  return {
    id: row.id,
    pipelineId: row.pipelineId,
    name: row.name,
    sort: row.sort,
    semantics: row.semantics as StageSemantics,
    color: row.color,
  };
}

/** `%` and `_` in a search text are literal characters, not LIKE wildcards. */

export class ItemsRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;
  readonly #phones: PhoneNumbers;
  readonly #lockRows: boolean;

  /**
   * `phones` reads a subject's phone in the configured default region; `lockRows`: whether the
   * database supports row locks (`SELECT ... FOR UPDATE`).
   */
  constructor(db: Kysely<Database>, ids: IdGenerator, phones: PhoneNumbers, lockRows = false) {
    this.#db = db;
    this.#ids = ids;
    this.#phones = phones;
    this.#lockRows = lockRows;
  }

  async create(input: NewItem, now: Date): Promise<Item> {
    const id = this.#ids();
    const at = now.toISOString();
    await this.#db
      .insertInto('items')
      .values({
        id,
        pipelineId: input.pipelineId,
        stageId: input.stageId,
        title: input.title,
        amountMinor: input.amountMinor ?? 0,
        currency: input.currency ?? DEFAULT_CURRENCY,
        paidMinor: 0,
        contactId: input.contactId ?? null,
        responsibleId: input.responsibleId ?? null,
        fields: toJson(input.fields ?? {}),
        stageEnteredAt: at,
        stageEntryId: this.#ids(),
        createdAt: at,
        updatedAt: at,
        version: 1,
      })
      .execute();
    return this.getOrThrow(id);
  }

  async find(id: string): Promise<Item | undefined> {
    const row = await this.#db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toItem(row);
  }

  async getOrThrow(id: string): Promise<Item> {
    const item = await this.find(id);
    if (item === undefined) throw notFound('item', id);
    return item;
  }

  async list(filter: ItemFilter, page: PageRequest): Promise<Page<Item>> {
    const limit = pageSize(page);
    let query = this.#db
      .selectFrom('items')
      .selectAll()
      .orderBy('id')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '>', decodeCursor(page.cursor));
    if (filter.pipelineId !== undefined) query = query.where('pipelineId', '=', filter.pipelineId);
    if (filter.stageId !== undefined) query = query.where('stageId', '=', filter.stageId);
    if (filter.contactId !== undefined) query = query.where('contactId', '=', filter.contactId);
    if (filter.currency !== undefined) query = query.where('currency', '=', filter.currency);
    if (filter.responsibleId !== undefined) query = query.where('responsibleId', '=', filter.responsibleId);
    if (filter.q !== undefined) {
      query = query.where(containsIgnoringCase('title', filter.q));
    }
    return toPage(await query.execute(), limit, toItem);
  }

  async update(
    id: string,
    changes: ItemChanges,
    expectedVersion: number | undefined,
    now: Date,
  ): Promise<Item> {
    await updateVersioned(this.#db, 'items', 'item', id, expectedVersion, {
      ...(changes.title !== undefined && { title: changes.title }),
      ...(changes.amountMinor !== undefined && { amountMinor: changes.amountMinor }),
      ...(changes.currency !== undefined && { currency: changes.currency }),
      ...(changes.contactId !== undefined && { contactId: changes.contactId }),
      ...(changes.responsibleId !== undefined && { responsibleId: changes.responsibleId }),
      ...(changes.fields !== undefined && { fields: toJson(changes.fields) }),
      updatedAt: now.toISOString(),
    });
    return this.getOrThrow(id);
  }

  /** Puts the item in another stage if it is still at `expectedVersion`. */
  saveMove(id: string, toStageId: string, expectedVersion: number, now: Date): Promise<Item> {
    return this.enterStage(id, toStageId, this.#ids(), now, expectedVersion);
  }

  /**
   * Puts the item into a stage as a new entry (its own `stageEntryId`, so runs planned for the
   * entry are told apart from those of an earlier entry into the same stage). With `known`, the
   * item as this transaction read it: when the update matched its version, the row was exactly
   * `known`, so the result is computed instead of read again.
   */
  async enterStage(
    id: string,
    stageId: string,
    stageEntryId: string,
    now: Date,
    expectedVersion?: number,
    known?: Item,
  ): Promise<Item> {
    const at = now.toISOString();
    await updateVersioned(this.#db, 'items', 'item', id, expectedVersion, {
      stageId,
      stageEnteredAt: at,
      stageEntryId,
      updatedAt: at,
    });
    if (known !== undefined && known.id === id && known.version === expectedVersion) {
      return {
        ...known,
        stageId,
        stageEnteredAt: at,
        stageEntryId,
        updatedAt: at,
        version: known.version + 1,
      };
    }
    return this.getOrThrow(id);
  }

  /**
   * Reads the item and, on PostgreSQL, locks its row until the transaction ends, so two events
   * for one item are decided one after the other. SQLite serialises writing transactions anyway.
   */
  async findForUpdate(id: string): Promise<Item | undefined> {
    const query = this.#db.selectFrom('items').selectAll().where('id', '=', id);
    const row = await (this.#lockRows ? query.forUpdate() : query).executeTakeFirst();
    return row === undefined ? undefined : toItem(row);
  }

  /** `findForUpdate` of the item a run belongs to, found by the run's id in the same statement. */
  async findForUpdateOfRun(runId: string): Promise<Item | undefined> {
    const query = this.#db
      .selectFrom('items')
      .selectAll()
      .where('id', '=', (eb) => eb.selectFrom('runs').select('runs.itemId').where('runs.id', '=', runId));
    const row = await (this.#lockRows ? query.forUpdate() : query).executeTakeFirst();
    return row === undefined ? undefined : toItem(row);
  }

  /** Ids of the items an event's subject names, oldest first. */
  async resolveSubject(subject: EventSubject): Promise<string[]> {
    const db = this.#db;
    if (subject.itemId !== undefined) {
      const row = await db
        .selectFrom('items')
        .select('id')
        .where('id', '=', subject.itemId)
        .executeTakeFirst();
      return row === undefined ? [] : [row.id];
    }
    if (subject.documentId !== undefined) {
      const row = await db
        .selectFrom('documents')
        .select('itemId')
        .where('id', '=', subject.documentId)
        .executeTakeFirst();
      return row?.itemId == null ? [] : [row.itemId];
    }
    if (subject.taskId !== undefined) {
      const row = await db
        .selectFrom('tasks')
        .select('itemId')
        .where('id', '=', subject.taskId)
        .executeTakeFirst();
      return row?.itemId == null ? [] : [row.itemId];
    }
    let contactIds: string[] = [];
    if (subject.contactId !== undefined) contactIds = [subject.contactId];
    else if (subject.email !== undefined)
      contactIds = await this.#contactsBy('email', normalizeEmail(subject.email));
    else if (subject.phone !== undefined)
      contactIds = await this.#contactsBy('phone', this.#phones.key(subject.phone));
    else if (subject.chat !== undefined)
      contactIds = await this.#contactsBy('chat', normalizeChat(subject.chat));
    if (contactIds.length === 0) return [];
    const rows = await db
      .selectFrom('items')
      .select('id')
      .where('contactId', 'in', contactIds)
      .orderBy('id')
      .execute();
    return rows.map((row) => row.id);
  }

  async #contactsBy(kind: ContactChannelKind, value: string): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('contactChannels')
      .select('contactId')
      .where('kind', '=', kind)
      .where('value', '=', value)
      .distinct()
      .execute();
    return rows.map((row) => row.contactId);
  }

  /**
   * Adds `deltaMinor` to the paid sum in one statement (never read-modify-write, so concurrent
   * payments all count) and bumps the version. Only applies while the item is in `currency`;
   * answers whether it did.
   */
  async addPaid(id: string, deltaMinor: number, currency: string, now: Date): Promise<boolean> {
    const result = await this.#db
      .updateTable('items')
      .set((eb) => ({
        paidMinor: eb('paidMinor', '+', deltaMinor),
        version: eb('version', '+', 1),
        updatedAt: now.toISOString(),
      }))
      .where('id', '=', id)
      .where('currency', '=', currency)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * For each of `userIds`, how many items of the pipeline in an open (not final) stage they are
   * responsible for, leaving out `excludeItemId` (the item being reassigned); a user with none
   * counts 0. Round-robin assignment picks from these.
   */
  async openItemCounts(
    pipelineId: string,
    userIds: readonly string[],
    excludeItemId?: string,
  ): Promise<ReadonlyMap<string, number>> {
    const counts = new Map(userIds.map((id) => [id, 0]));
    if (userIds.length === 0) return counts;
    let query = this.#db
      .selectFrom('items')
      .innerJoin('stages', 'stages.id', 'items.stageId')
      .select((eb) => ['items.responsibleId', eb.fn.countAll().as('count')])
      .where('items.pipelineId', '=', pipelineId)
      .where('stages.semantics', '=', 'open')
      .where('items.responsibleId', 'in', userIds)
      .groupBy('items.responsibleId');
    if (excludeItemId !== undefined) query = query.where('items.id', '<>', excludeItemId);
    for (const row of await query.execute()) {
      if (row.responsibleId !== null) counts.set(row.responsibleId, Number(row.count));
    }
    return counts;
  }

  delete(id: string): Promise<void> {
    return deleteById(this.#db, 'items', 'item', id);
  }

  // Stages and pipelines are read straight from their tables: items need only these lookups.

  async stageOf(stageId: string): Promise<Stage | undefined> {
    const row = await this.#db.selectFrom('stages').selectAll().where('id', '=', stageId).executeTakeFirst();
    return row === undefined ? undefined : toStage(row);
  }

  /** The stage a new item of the pipeline starts in: its first open stage by sort. */
  async entryStageOf(pipelineId: string): Promise<Stage | undefined> {
    const rows = await this.#db
      .selectFrom('stages')
      .selectAll()
      .where('pipelineId', '=', pipelineId)
      .orderBy('sort')
      .orderBy('id')
      .execute();
    return entryStage(rows.map(toStage));
  }

  async pipelineExists(pipelineId: string): Promise<boolean> {
    const row = await this.#db
      .selectFrom('pipelines')
      .select('id')
      .where('id', '=', pipelineId)
      .executeTakeFirst();
    return row !== undefined;
  }
}
