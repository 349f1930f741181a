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

  /**
   * The nearest date still ahead of `after` in the item's work: the deadline of an open task
   * (`task.deadline`) or the start of a planned activity, of `activityType` when given
   * (`activity.start`). Ties go to the record created first.
   */
  async nextWorkDate(query: WorkDateQuery): Promise<WorkDate | undefined> {
    const after = query.after.toISOString();
    const row =
      query.field === 'task.deadline'
        ? await this.#db
            .selectFrom('tasks')
            .select(['id', 'title', 'deadline as at'])
            .where('itemId', '=', query.itemId)
            .where('status', 'not in', ['completed', 'cancelled'])
            .where('deadline', 'is not', null)
            .where('deadline', '>', after)
            .orderBy('deadline')
            .orderBy('id')
            .limit(1)
            .executeTakeFirst()
        : await this.#db
            .selectFrom('activities')
            .select(['id', 'subject as title', 'dueAt as at'])
            .where('itemId', '=', query.itemId)
            .where('status', '=', 'planned')
            .where('dueAt', 'is not', null)
            .where('dueAt', '>', after)
            .$if(query.activityType !== undefined, (qb) => qb.where('type', '=', query.activityType ?? ''))
            .orderBy('dueAt')
            .orderBy('id')
            .limit(1)
            .executeTakeFirst();
    if (row === undefined || row.at === null) return undefined;
    // timestamptz reads back as a Date on PostgreSQL, as ISO text on SQLite.
    return { id: row.id, title: row.title, at: new Date(row.at as string | Date).toISOString() };
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

export interface WorkDateQuery {
  readonly itemId: string;
  readonly field: 'task.deadline' | 'activity.start';
  readonly activityType?: string | undefined;
  readonly after: Date;
}

/** A task's deadline or an activity's start, with the record it belongs to. */
export interface WorkDate {
  readonly id: string;
  readonly title: string;
  /** ISO 8601, UTC. */
  readonly at: string;
}
