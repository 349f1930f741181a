import type { Kysely, Selectable } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import { conflict, notFound } from '../../domain/errors.ts';
import type { Payment } from '../../domain/item.ts';
import { formatMoney } from '../../domain/money.ts';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { Database, PaymentsTable } from '../schema.ts';

export interface NewPayment {
  readonly itemId: string;
  readonly documentId: string | null;
  readonly amountMinor: number;
  readonly currency: string;
  readonly paidAt: Date;
  readonly reference: string | null;
  /** The sending system and its id of the payment; both null for a payment entered here. */
  readonly source: string | null;
  readonly externalId: string | null;
}

export interface PaymentChanges {
  readonly amountMinor?: number | undefined;
  readonly paidAt?: Date | undefined;
  readonly reference?: string | null | undefined;
}

export interface PaymentFilter {
  readonly itemId?: string | undefined;
  readonly documentId?: string | undefined;
}

/** A payment as written, with the amount in minor units for the item's paid sum. */
export interface PaymentChange {
  readonly payment: Payment;
  /** What the item's paid sum must change by. */
  readonly deltaMinor: number;
}

/** What recording answers: the new payment, or the one recorded before under the same external id. */
export type RecordedPayment =
  | { readonly created: true; readonly change: PaymentChange }
  | { readonly created: false; readonly existing: Payment };

export function toPayment(row: Selectable<PaymentsTable>): Payment {
  return {
    id: row.id,
    itemId: row.itemId,
    documentId: row.documentId,
    amount: formatMoney(Number(row.amountMinor)),
    currency: row.currency,
    paidAt: row.paidAt,
    reference: row.reference,
    source: row.source,
    externalId: row.externalId,
    createdAt: row.createdAt,
  };
}

/** Attempts of a compare-and-set update before two writers racing on one payment is a conflict. */
const UPDATE_ATTEMPTS = 5;

/**
 * Payments only. The item's paid sum is kept by the caller in the same transaction, from the
 * `deltaMinor` each write answers (see `ItemsRepository.addPaid`).
 */
export class PaymentsRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;

  constructor(db: Kysely<Database>, ids: IdGenerator) {
    this.#db = db;
    this.#ids = ids;
  }

  /**
   * Records a payment once per (source, external id): the unique index decides, so two writers
   * recording the same payment at once leave one row, and the second is told which one it is.
   */
  async record(input: NewPayment, now: Date): Promise<RecordedPayment> {
    const row: Selectable<PaymentsTable> = {
      id: this.#ids(),
      itemId: input.itemId,
      documentId: input.documentId,
      amountMinor: input.amountMinor,
      currency: input.currency,
      paidAt: input.paidAt.toISOString(),
      reference: input.reference,
      source: input.source,
      externalId: input.externalId,
      createdAt: now.toISOString(),
    };
    const result = await this.#db
      .insertInto('payments')
      .values(row)
      .onConflict((oc) => oc.columns(['source', 'externalId']).doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) === 1) {
      return { created: true, change: { payment: toPayment(row), deltaMinor: input.amountMinor } };
    }
    const existing = await this.#db
      .selectFrom('payments')
      .selectAll()
      .where('source', '=', input.source)
      .where('externalId', '=', input.externalId)
      .executeTakeFirstOrThrow();
    return { created: false, existing: toPayment(existing) };
  }

  async find(id: string): Promise<Payment | undefined> {
    const row = await this.#db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toPayment(row);
  }

  async getOrThrow(id: string): Promise<Payment> {
    const payment = await this.find(id);
    if (payment === undefined) throw notFound('payment', id);
    return payment;
  }

  async list(filter: PaymentFilter, page: PageRequest): Promise<Page<Payment>> {
    const limit = pageSize(page);
    let query = this.#db
      .selectFrom('payments')
      .selectAll()
      .orderBy('id')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '>', decodeCursor(page.cursor));
    if (filter.itemId !== undefined) query = query.where('itemId', '=', filter.itemId);
    if (filter.documentId !== undefined) query = query.where('documentId', '=', filter.documentId);
    return toPage(await query.execute(), limit, toPayment);
  }

  /**
   * Payments carry no version, so the amount itself is the compare-and-set guard: the update
   * applies only if the amount is still the one read, which makes `deltaMinor` exact even when
   * two writers change the same payment at once.
   */
  async update(id: string, changes: PaymentChanges): Promise<PaymentChange> {
    for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt += 1) {
      const current = await this.#db
        .selectFrom('payments')
        .select('amountMinor')
        .where('id', '=', id)
        .executeTakeFirst();
      if (current === undefined) throw notFound('payment', id);
      const before = Number(current.amountMinor);
      const result = await this.#db
        .updateTable('payments')
        .set({
          amountMinor: changes.amountMinor ?? before,
          ...(changes.paidAt !== undefined && { paidAt: changes.paidAt.toISOString() }),
          ...(changes.reference !== undefined && { reference: changes.reference }),
        })
        .where('id', '=', id)
        .where('amountMinor', '=', before)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) {
        const payment = await this.getOrThrow(id);
        return { payment, deltaMinor: (changes.amountMinor ?? before) - before };
      }
    }
    throw conflict('concurrent_update', `Payment ${id} is being changed by another request; try again`);
  }

  /** Deletes the payment and answers what it was, in one statement. */
  async delete(id: string): Promise<PaymentChange> {
    const row = await this.#db.deleteFrom('payments').where('id', '=', id).returningAll().executeTakeFirst();
    if (row === undefined) throw notFound('payment', id);
    return { payment: toPayment(row), deltaMinor: -Number(row.amountMinor) };
  }
}
