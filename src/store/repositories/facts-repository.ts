import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** Aggregates over an item's documents and payments that conditions and guards read. */
export class FactsRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async documentKinds(itemId: string): Promise<{ kinds: string[]; postedKinds: string[]; count: number }> {
    const rows = await this.#db
      .selectFrom('documents')
      .select(['kind', 'status'])
      .where('itemId', '=', itemId)
      .execute();
    const unique = (values: string[]) => [...new Set(values)].sort();
    return {
      kinds: unique(rows.map((row) => row.kind)),
      // A posted document stays posted when it is later sent, viewed or paid.
      postedKinds: unique(
        rows
          .filter((row) => ['posted', 'sent', 'viewed', 'paid'].includes(row.status))
          .map((row) => row.kind),
      ),
      count: rows.length,
    };
  }

  async paymentTotals(itemId: string): Promise<{ count: number; totalMinor: number }> {
    const row = await this.#db
      .selectFrom('payments')
      .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.sum<number>('amountMinor').as('total')])
      .where('itemId', '=', itemId)
      .executeTakeFirstOrThrow();
    return { count: Number(row.count), totalMinor: Number(row.total ?? 0) };
  }
}
