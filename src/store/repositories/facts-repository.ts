import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

/** Aggregates over an item's documents and payments that conditions and guards read. */
export class FactsRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async documentKinds(itemId: string): Promise<DocumentFacts> {
    const rows = await this.#db
      .selectFrom('documents')
      .select(['kind', 'status'])
      .where('itemId', '=', itemId)
      .execute();
    return documentFacts(rows);
  }

  async paymentTotals(itemId: string): Promise<PaymentFacts> {
    const row = await this.#db
      .selectFrom('payments')
      .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.sum<number>('amountMinor').as('total')])
      .where('itemId', '=', itemId)
      .executeTakeFirstOrThrow();
    return { count: Number(row.count), totalMinor: Number(row.total ?? 0) };
  }

  /**
   * Both aggregates in one statement: the item's documents, one row each, and after them one row
   * (kind null) with the count and sum of its payments.
   */
  async ofItem(itemId: string): Promise<{ documents: DocumentFacts; payments: PaymentFacts }> {
    const rows = await this.#db
      .selectFrom('documents')
      .select((eb) => [
        eb.ref('kind').$castTo<string | null>().as('kind'),
        eb.ref('status').$castTo<string | null>().as('status'),
        sql<number | null>`null`.as('count'),
        sql<number | null>`null`.as('total'),
      ])
      .where('itemId', '=', itemId)
      .unionAll(
        this.#db
          .selectFrom('payments')
          .select((eb) => [
            sql<string | null>`null`.as('kind'),
            sql<string | null>`null`.as('status'),
            eb.fn.countAll<number>().$castTo<number | null>().as('count'),
            eb.fn.sum<number | null>('amountMinor').as('total'),
          ])
          .where('itemId', '=', itemId),
      )
      .execute();
    const documents: { kind: string; status: string }[] = [];
    let payments: PaymentFacts = { count: 0, totalMinor: 0 };
    for (const row of rows) {
      if (row.kind !== null && row.status !== null) documents.push({ kind: row.kind, status: row.status });
      else payments = { count: Number(row.count ?? 0), totalMinor: Number(row.total ?? 0) };
    }
    return { documents: documentFacts(documents), payments };
  }
}

export interface DocumentFacts {
  kinds: string[];
  postedKinds: string[];
  count: number;
}

export interface PaymentFacts {
  count: number;
  totalMinor: number;
}

function documentFacts(rows: readonly { kind: string; status: string }[]): DocumentFacts {
  const unique = (values: string[]) => [...new Set(values)].sort();
  return {
    kinds: unique(rows.map((row) => row.kind)),
    // A posted document stays posted when it is later sent, viewed or paid.
    postedKinds: unique(
      rows.filter((row) => ['posted', 'sent', 'viewed', 'paid'].includes(row.status)).map((row) => row.kind),
    ),
    count: rows.length,
  };
}
