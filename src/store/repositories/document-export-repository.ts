import type { Kysely } from 'kysely';
import { EXPORTED_DOCUMENT_STATUSES, type ExportRecord, PAYMENT_KIND } from '../../domain/document-export.ts';
import { fromJson } from '../columns.ts';
import type { Database } from '../schema.ts';

/** Which records an export takes; dates are YYYY-MM-DD, both ends included, in UTC. */
export interface ExportQuery {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** A document kind, or `payment` for recorded payments; undefined: every document and payment. */
  readonly kind?: string | undefined;
  /** Only records in this currency; undefined: every currency. */
  readonly currency?: string | undefined;
}

/**
 * Reads posted documents and recorded payments for an export, oldest first. Reading only: the
 * documents and payments tables are written by their own repositories.
 */
export class DocumentExportRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async records(query: ExportQuery): Promise<ExportRecord[]> {
    const from = query.from === undefined ? undefined : `${query.from}T00:00:00.000Z`;
    const until = query.to === undefined ? undefined : dayAfter(query.to);
    const documents =
      query.kind === PAYMENT_KIND ? [] : await this.#documents(query.kind, query.currency, from, until);
    const payments =
      query.kind === undefined || query.kind === PAYMENT_KIND
        ? await this.#payments(query.currency, from, until)
        : [];
    return [...documents, ...payments].sort(
      (a, b) => a.date.localeCompare(b.date) || a.source.localeCompare(b.source) || a.id.localeCompare(b.id),
    );
  }

  async #documents(
    kind: string | undefined,
    currency: string | undefined,
    from: string | undefined,
    until: string | undefined,
  ): Promise<ExportRecord[]> {
    const rows = await this.#db
      .selectFrom('documents')
      .leftJoin('items', 'items.id', 'documents.itemId')
      .leftJoin('contacts', 'contacts.id', 'items.contactId')
      .select([
        'documents.id',
        'documents.kind',
        'documents.number',
        'documents.amountMinor',
        'documents.currency',
        'documents.status',
        'documents.createdAt as at',
        'documents.itemId',
        'items.title as itemTitle',
        'contacts.name as contactName',
        'contacts.company as contactCompany',
        'contacts.fields as contactFields',
      ])
      .where('documents.status', 'in', [...EXPORTED_DOCUMENT_STATUSES])
      .$if(kind !== undefined, (qb) => qb.where('documents.kind', '=', kind ?? ''))
      .$if(currency !== undefined, (qb) => qb.where('documents.currency', '=', currency ?? ''))
      .$if(from !== undefined, (qb) => qb.where('documents.createdAt', '>=', from ?? ''))
      .$if(until !== undefined, (qb) => qb.where('documents.createdAt', '<', until ?? ''))
      .execute();
    return rows.map((row) => ({
      source: 'document',
      id: row.id,
      kind: row.kind,
      number: row.number,
      date: isoDay(row.at),
      amountMinor: Number(row.amountMinor),
      currency: row.currency,
      status: row.status,
      itemId: row.itemId,
      itemTitle: row.itemTitle ?? null,
      ...counterparty(row),
      documentNumber: null,
    }));
  }

  async #payments(
    currency: string | undefined,
    from: string | undefined,
    until: string | undefined,
  ): Promise<ExportRecord[]> {
    const rows = await this.#db
      .selectFrom('payments')
      .innerJoin('items', 'items.id', 'payments.itemId')
      .leftJoin('contacts', 'contacts.id', 'items.contactId')
      .leftJoin('documents', 'documents.id', 'payments.documentId')
      .select([
        'payments.id',
        'payments.amountMinor',
        'payments.currency',
        'payments.paidAt as at',
        'payments.reference',
        'payments.itemId',
        'items.title as itemTitle',
        'contacts.name as contactName',
        'contacts.company as contactCompany',
        'contacts.fields as contactFields',
        'documents.number as documentNumber',
      ])
      .$if(currency !== undefined, (qb) => qb.where('payments.currency', '=', currency ?? ''))
      .$if(from !== undefined, (qb) => qb.where('payments.paidAt', '>=', from ?? ''))
      .$if(until !== undefined, (qb) => qb.where('payments.paidAt', '<', until ?? ''))
      .execute();
    return rows.map((row) => ({
      source: 'payment',
      id: row.id,
      kind: PAYMENT_KIND,
      number: row.reference ?? row.id,
      date: isoDay(row.at),
      amountMinor: Number(row.amountMinor),
      currency: row.currency,
      status: 'recorded',
      itemId: row.itemId,
      itemTitle: row.itemTitle,
      ...counterparty(row),
      documentNumber: row.documentNumber ?? null,
    }));
  }
}

function counterparty(row: {
  contactName: string | null;
  contactCompany: string | null;
  contactFields: unknown;
}): { counterparty: string | null; counterpartyInn: string | null } {
  const fields = fromJson<Record<string, unknown> | null>(row.contactFields, null);
  const inn = fields?.['inn'];
  return {
    counterparty: row.contactCompany ?? row.contactName ?? null,
    counterpartyInn: typeof inn === 'string' || typeof inn === 'number' ? String(inn) : null,
  };
}

/** Timestamps read back as ISO text (SQLite) or a Date (PostgreSQL); their UTC day. */
function isoDay(value: unknown): string {
  return new Date(value as string | Date).toISOString().slice(0, 10);
}

function dayAfter(day: string): string {
  const next = new Date(`${day}T00:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString();
}
