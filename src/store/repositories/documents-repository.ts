import { type Kysely, type Selectable, sql } from 'kysely';
import type { DocumentChanges, DocumentRendering, NewDocumentInput } from '../../automation/record-ports.ts';
import type { IdGenerator } from '../../domain/clock.ts';
import type { DocumentSnapshot } from '../../domain/documents/document-snapshot.ts';
import { defaultPrefix } from '../../domain/documents/numbering.ts';
import { notFound } from '../../domain/errors.ts';
import type { Document, DocumentStatus } from '../../domain/item.ts';
import { formatMoney } from '../../domain/money.ts';
import { fromJson, toJson } from '../columns.ts';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { Database, DocumentsTable } from '../schema.ts';
import { deleteById, updateVersioned } from '../versioned.ts';

export interface DocumentFilter {
  readonly itemId?: string | undefined;
  readonly kind?: string | undefined;
  readonly status?: DocumentStatus | undefined;
}

export function toDocument(row: Selectable<DocumentsTable>): Document {
  return {
    id: row.id,
    itemId: row.itemId,
    kind: row.kind,
    number: row.number,
    amount: formatMoney(Number(row.amountMinor)),
    currency: row.currency,
    status: row.status as DocumentStatus,
    templateId: row.templateId,
    language: row.language,
    sourceDocumentId: row.sourceDocumentId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

export class DocumentsRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;

  constructor(db: Kysely<Database>, ids: IdGenerator) {
    this.#db = db;
    this.#ids = ids;
  }

  async create(input: NewDocumentInput, now: Date): Promise<Document> {
    const id = this.#ids();
    const at = now.toISOString();
    const { snapshot, html, templateId, language, sourceDocumentId, ...columns } = input;
    await this.#db
      .insertInto('documents')
      .values({
        id,
        ...columns,
        templateId: templateId ?? null,
        language: language ?? null,
        sourceDocumentId: sourceDocumentId ?? null,
        snapshot: snapshot === undefined ? null : toJson(snapshot),
        html: html ?? null,
        createdAt: at,
        updatedAt: at,
        version: 1,
      })
      .execute();
    return this.getOrThrow(id);
  }

  /**
   * The next number of `kind` in `year`: one statement raises the counter (or starts it at 1)
   * and reads it back. Called in the transaction that inserts the document: the counter row
   * stays locked until it commits, so concurrent creations wait for each other instead of taking
   * the same number, and a creation rolled back gives its number back.
   */
  async allocateNumber(kind: string, year: number): Promise<number> {
    const row = await this.#db
      .insertInto('documentCounters')
      .values({ kind, year, lastNumber: 1 })
      .onConflict((oc) =>
        oc.columns(['kind', 'year']).doUpdateSet({ lastNumber: sql`document_counters.last_number + 1` }),
      )
      .returning('lastNumber')
      .executeTakeFirstOrThrow();
    return Number(row.lastNumber);
  }

  /** The number prefix of a kind: the one set for it, or its default (INV for invoice). */
  async prefixOf(kind: string): Promise<string> {
    const row = await this.#db
      .selectFrom('documentSequences')
      .select('prefix')
      .where('kind', '=', kind)
      .executeTakeFirst();
    return row?.prefix ?? defaultPrefix(kind);
  }

  async setPrefix(kind: string, prefix: string, now: Date): Promise<void> {
    const updatedAt = now.toISOString();
    await this.#db
      .insertInto('documentSequences')
      .values({ kind, prefix, updatedAt })
      .onConflict((oc) => oc.column('kind').doUpdateSet({ prefix, updatedAt }))
      .execute();
  }

  /** The kinds whose prefix was set, with it. */
  async prefixes(): Promise<{ kind: string; prefix: string }[]> {
    return this.#db.selectFrom('documentSequences').select(['kind', 'prefix']).orderBy('kind').execute();
  }

  /** What the document was rendered from and to; undefined for a document that was not rendered. */
  async rendering(id: string): Promise<DocumentRendering | undefined> {
    const row = await this.#db
      .selectFrom('documents')
      .select(['snapshot', 'html'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined) throw notFound('document', id);
    if (row.html === null || row.snapshot === null) return undefined;
    return { snapshot: fromJson<DocumentSnapshot>(row.snapshot, undefined as never), html: row.html };
  }

  /** The item's newest document of the kind (the last created). */
  async latestOfKind(itemId: string, kind: string): Promise<Document | undefined> {
    const row = await this.#db
      .selectFrom('documents')
      .selectAll()
      .where('itemId', '=', itemId)
      .where('kind', '=', kind)
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? undefined : toDocument(row);
  }

  async find(id: string): Promise<Document | undefined> {
    const row = await this.#db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toDocument(row);
  }

  async getOrThrow(id: string): Promise<Document> {
    const document = await this.find(id);
    if (document === undefined) throw notFound('document', id);
    return document;
  }

  async list(filter: DocumentFilter, page: PageRequest): Promise<Page<Document>> {
    const limit = pageSize(page);
    let query = this.#db
      .selectFrom('documents')
      .selectAll()
      .orderBy('id')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '>', decodeCursor(page.cursor));
    if (filter.itemId !== undefined) query = query.where('itemId', '=', filter.itemId);
    if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    return toPage(await query.execute(), limit, toDocument);
  }

  async update(
    id: string,
    changes: DocumentChanges,
    expectedVersion: number | undefined,
    now: Date,
  ): Promise<Document> {
    await updateVersioned(this.#db, 'documents', 'document', id, expectedVersion, {
      ...(changes.kind !== undefined && { kind: changes.kind }),
      ...(changes.number !== undefined && { number: changes.number }),
      ...(changes.amountMinor !== undefined && { amountMinor: changes.amountMinor }),
      ...(changes.currency !== undefined && { currency: changes.currency }),
      ...(changes.status !== undefined && { status: changes.status }),
      updatedAt: now.toISOString(),
    });
    return this.getOrThrow(id);
  }

  delete(id: string): Promise<void> {
    return deleteById(this.#db, 'documents', 'document', id);
  }
}
