import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

/** One row of the change feed (migration 0012), as live views are told of it. */
export interface FeedChange {
  /** The feed's position: increasing in insertion order, never used twice. */
  readonly id: number;
  readonly kind: string;
  readonly op: string;
  readonly entityId: string;
  readonly itemId: string | null;
  readonly pipelineId: string | null;
  /** The recipient of a notification; the responsible user of an item, task or activity. */
  readonly userId: string | null;
  /** When the row was written, by the database's clock (real time, also under a manual clock). */
  readonly at: string;
}

/** How long feed rows are kept: live views that were away longer start over. Default: 24 h. */
export const CHANGE_FEED_RETENTION_MS = 86_400_000;

/** The `settings` key of the highest feed id pruned: a client behind it missed rows for good. */
const PRUNED_THROUGH = 'change_feed_pruned_through';

/** Reads and prunes the change feed; the rows themselves are written by database triggers. */
export class ChangeFeedRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** The rows after `afterId` (up to `throughId` when given), in id order, at most `limit`. */
  async readAfter(afterId: number, limit: number, throughId?: number): Promise<FeedChange[]> {
    let query = this.#db
      .selectFrom('changeFeed')
      .selectAll()
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit);
    if (throughId !== undefined) query = query.where('id', '<=', throughId);
    const rows = await query.execute();
    return rows.map((row) => ({
      id: Number(row.id),
      kind: row.kind,
      op: row.op,
      entityId: row.entityId,
      itemId: row.itemId,
      pipelineId: row.pipelineId,
      userId: row.userId,
      at: new Date(row.createdAt).toISOString(),
    }));
  }

  /** The highest id written and seen (0 for an empty feed), never below what was pruned. */
  async lastId(): Promise<number> {
    const row = await this.#db
      .selectFrom('changeFeed')
      .select((eb) => eb.fn.max('id').as('last'))
      .executeTakeFirst();
    return Math.max(Number(row?.last ?? 0), await this.prunedThrough());
  }

  /** The highest id pruned so far; 0 when nothing was. */
  async prunedThrough(): Promise<number> {
    const row = await this.#db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', PRUNED_THROUGH)
      .executeTakeFirst();
    return row === undefined ? 0 : Number(row.value);
  }

  /**
   * Deletes the rows written before `before` and remembers the highest id deleted, so a client
   * resuming from behind it is told to start over instead of silently missing rows. Answers the
   * number of rows deleted.
   */
  async prune(before: Date): Promise<number> {
    return this.#db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('changeFeed')
        .select((eb) => eb.fn.max('id').as('last'))
        .where('createdAt', '<', before.toISOString())
        .executeTakeFirst();
      if (row?.last == null) return 0;
      const last = Number(row.last);
      const value = String(last);
      await tx
        .insertInto('settings')
        .values({ key: PRUNED_THROUGH, value, updatedAt: new Date().toISOString() })
        // Never lowered: two servers pruning at once may finish in either order.
        .onConflict((conflict) =>
          conflict
            .column('key')
            .doUpdateSet({ value, updatedAt: new Date().toISOString() })
            .where(sql`cast(settings.value as bigint)`, '<', last),
        )
        .execute();
      const deleted = await tx.deleteFrom('changeFeed').where('id', '<=', last).executeTakeFirst();
      return Number(deleted.numDeletedRows);
    });
  }
}
