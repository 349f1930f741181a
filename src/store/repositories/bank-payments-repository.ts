import { type Kysely, type Selectable, sql } from 'kysely';
import type { BankPaymentSettlement, NewBankPayment } from '../../automation/bank-ports.ts';
import type { BankPayment, BankPaymentStatus } from '../../domain/bank/bank-payment.ts';
import type { IdGenerator } from '../../domain/clock.ts';
import { notFound } from '../../domain/errors.ts';
import { formatMoney } from '../../domain/money.ts';
import { fromJson } from '../columns.ts';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { BankPaymentsTable, Database } from '../schema.ts';

function toBankPayment(row: Selectable<BankPaymentsTable>): BankPayment {
  return {
    id: row.id,
    key: row.key,
    date: row.docDate,
    number: row.docNumber,
    amount: formatMoney(Number(row.amountMinor)),
    currency: row.currency,
    payerName: row.payerName,
    payerInn: row.payerInn,
    payerAccount: row.payerAccount,
    purpose: row.purpose,
    status: row.status as BankPaymentStatus,
    itemId: row.itemId,
    paymentId: row.paymentId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Incoming bank statement payments, and the item lookups that match them. */
export class BankPaymentsRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;

  constructor(db: Kysely<Database>, ids: IdGenerator) {
    this.#db = db;
    this.#ids = ids;
  }

  async find(id: string): Promise<BankPayment | undefined> {
    const row = await this.#db.selectFrom('bankPayments').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toBankPayment(row);
  }

  async getOrThrow(id: string): Promise<BankPayment> {
    const found = await this.find(id);
    if (found === undefined) throw notFound('bank_payment', id);
    return found;
  }

  async findByKey(key: string): Promise<BankPayment | undefined> {
    const row = await this.#db
      .selectFrom('bankPayments')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    return row === undefined ? undefined : toBankPayment(row);
  }

  async create(input: NewBankPayment, now: Date): Promise<BankPayment> {
    const at = now.toISOString();
    // Two imports of one statement at once: the unique key keeps one row, both answer it.
    await this.#db
      .insertInto('bankPayments')
      .values({
        id: this.#ids(),
        key: input.key,
        docDate: input.date,
        docNumber: input.number,
        amountMinor: input.amountMinor,
        currency: input.currency,
        payerName: input.payerName,
        payerInn: input.payerInn,
        payerAccount: input.payerAccount,
        purpose: input.purpose,
        status: input.status,
        itemId: input.itemId,
        paymentId: input.paymentId,
        createdAt: at,
        updatedAt: at,
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const stored = await this.findByKey(input.key);
    if (stored === undefined) throw new Error(`bank payment ${input.key} vanished after its insert`);
    return stored;
  }

  async settle(id: string, settlement: BankPaymentSettlement, now: Date): Promise<boolean> {
    const result = await this.#db
      .updateTable('bankPayments')
      .set({ ...settlement, updatedAt: now.toISOString() })
      .where('id', '=', id)
      .where('status', '=', 'unmatched')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async list(
    filter: { status?: BankPaymentStatus | undefined },
    page: PageRequest,
  ): Promise<Page<BankPayment>> {
    const limit = pageSize(page);
    let query = this.#db
      .selectFrom('bankPayments')
      .selectAll()
      .orderBy('id')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '>', decodeCursor(page.cursor));
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    return toPage(await query.execute(), limit, toBankPayment);
  }

  async invoicesNumbered(numbers: readonly string[]): Promise<{ id: string; itemId: string }[]> {
    if (numbers.length === 0) return [];
    const rows = await this.#db
      .selectFrom('documents')
      .select(['id', 'itemId'])
      .where('kind', '=', 'invoice')
      .where('number', 'in', [...numbers])
      .where('itemId', 'is not', null)
      .execute();
    return rows.flatMap((row) => (row.itemId === null ? [] : [{ id: row.id, itemId: row.itemId }]));
  }

  async itemsOfContactsWithInn(inn: string): Promise<string[]> {
    // Custom fields are JSON (text on SQLite, jsonb on PostgreSQL): the text search narrows the
    // contacts on both, the parsed value decides. INNs are digits, so no LIKE wildcard.
    if (!/^\d+$/.test(inn)) return [];
    const contacts = await this.#db
      .selectFrom('contacts')
      .select(['id', 'fields'])
      .where(sql<boolean>`cast(${sql.ref('fields')} as text) like ${`%${inn}%`}`)
      .execute();
    const ids = contacts
      .filter(
        (contact) => String(fromJson<Record<string, unknown>>(contact.fields, {}).inn ?? '').trim() === inn,
      )
      .map((contact) => contact.id);
    if (ids.length === 0) return [];
    const items = await this.#db.selectFrom('items').select('id').where('contactId', 'in', ids).execute();
    return items.map((item) => item.id);
  }
}
