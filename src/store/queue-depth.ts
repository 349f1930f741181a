import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * The work waiting now, counted for monitoring at each scrape: one count over an index each
 * (`events_pending_seq` on status and seq, `runs_due` on status and due time), so a scrape costs
 * two index range scans and nothing polls in between.
 */
export class QueueDepth {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Accepted events not processed yet, including those waiting for a retry. */
  async pendingEvents(): Promise<number> {
    const row = await this.#db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /** Scheduled runs whose due time has come and that no worker has claimed yet. */
  async dueRuns(now: Date): Promise<number> {
    const row = await this.#db
      .selectFrom('runs')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('status', '=', 'scheduled')
      .where('dueAt', '<=', now.toISOString())
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }
}
