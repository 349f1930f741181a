import type { Kysely } from 'kysely';
import { FINAL_RUN_STATUSES, NOT_STARTED_RUN_STATUSES } from '../domain/run.ts';
import type { Database } from './schema.ts';

export interface PruneReport {
  readonly journalEntries: number;
  readonly runs: number;
  readonly events: number;
}

/** Runs that may still do something: their records are never pruned. */
const PENDING_RUN_STATUSES = [...NOT_STARTED_RUN_STATUSES, 'running'];

/** Rows deleted per statement, so pruning a large backlog never holds long locks. Default: 1000. */
export const PRUNE_BATCH_SIZE = 1000;

/**
 * Deletes the journal older than a cutoff: journal entries, runs that finished (succeeded, failed,
 * cancelled, skipped) and processed events received before it. Never a waiting, scheduled or
 * running run, nor what such a run still needs: its journal entries (the answer to "why is this
 * planned?") and the event that caused it (its templates read `event.*` when it fires).
 */
export class RetentionStore {
  readonly #db: Kysely<Database>;
  readonly #batchSize: number;

  constructor(db: Kysely<Database>, batchSize: number = PRUNE_BATCH_SIZE) {
    this.#db = db;
    this.#batchSize = batchSize;
  }

  async prune(cutoff: Date): Promise<PruneReport> {
    const before = cutoff.toISOString();
    const journalEntries = await this.#inBatches(() =>
      this.#db
        .deleteFrom('journalEntries')
        .where('id', 'in', (db) =>
          db
            .selectFrom('journalEntries')
            .select('id')
            .where('createdAt', '<', before)
            .where((eb) =>
              eb.or([
                eb('runId', 'is', null),
                eb(
                  'runId',
                  'not in',
                  eb.selectFrom('runs').select('runs.id').where('runs.status', 'in', PENDING_RUN_STATUSES),
                ),
              ]),
            )
            .limit(this.#batchSize),
        )
        .executeTakeFirst(),
    );
    const runs = await this.#inBatches(() =>
      this.#db
        .deleteFrom('runs')
        .where('id', 'in', (db) =>
          db
            .selectFrom('runs')
            .select('id')
            .where('status', 'in', [...FINAL_RUN_STATUSES])
            .where('finishedAt', '<', before)
            // `once-per-item` asks "did this robot ever run for this item?": its runs are the
            // answer, and deleting them would let the robot fire a second time.
            .where((eb) =>
              eb.or([
                eb('status', '=', 'cancelled'),
                eb(
                  'robotId',
                  'not in',
                  eb.selectFrom('robots').select('robots.id').where('robots.repeat', '=', 'once-per-item'),
                ),
              ]),
            )
            .limit(this.#batchSize),
        )
        .executeTakeFirst(),
    );
    const events = await this.#inBatches(() =>
      this.#db
        .deleteFrom('events')
        .where('id', 'in', (db) =>
          db
            .selectFrom('events')
            .select('id')
            .where('status', '=', 'processed')
            .where('receivedAt', '<', before)
            .where(
              'id',
              'not in',
              // NOT IN with a NULL in the list matches nothing: keep the NULLs out.
              db
                .selectFrom('runs')
                .select('runs.causeEventId')
                .where('runs.status', 'in', PENDING_RUN_STATUSES)
                .where('runs.causeEventId', 'is not', null)
                .$narrowType<{ causeEventId: string }>(),
            )
            // The newest event stays: on SQLite `seq` is the rowid, which an emptied table would
            // hand out again from 1, below the cursors that read events by seq (webhooks).
            .where('seq', '<', (db) => db.selectFrom('events').select((eb) => eb.fn.max('seq').as('newest')))
            .limit(this.#batchSize),
        )
        .executeTakeFirst(),
    );
    return { journalEntries, runs, events };
  }

  async #inBatches(deleteBatch: () => Promise<{ numDeletedRows: bigint }>): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = Number((await deleteBatch()).numDeletedRows);
      total += deleted;
      if (deleted < this.#batchSize) return total;
    }
  }
}
