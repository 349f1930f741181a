import type { Kysely, Selectable } from 'kysely';
import type { DocumentChanges, NewDocumentInput } from '../../automation/record-ports.ts';
import type { IdGenerator } from '../../domain/clock.ts';
import { notFound } from '../../domain/errors.ts';
import type { Document, DocumentStatus } from '../../domain/item.ts';
import { formatMoney } from '../../domain/money.ts';
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
    await this.#db
      .insertInto('documents')
      .values({ id, ...input, createdAt: at, updatedAt: at, version: 1 })
      .execute();
    return this.getOrThrow(id);
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
