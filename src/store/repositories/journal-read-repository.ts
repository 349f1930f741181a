import type { Kysely } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import { AppError, conflict, notFound } from '../../domain/errors.ts';
import type { JournalKind } from '../../domain/journal.ts';
import type { Run } from '../../domain/run.ts';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { Database } from '../schema.ts';
import { type NamedJournalEntry, nameJournalEntries } from './journal-names.ts';
import { JournalRepository, toJournalEntry } from './journal-repository.ts';
import { toRun } from './runs-repository.ts';

export interface RetryRefusal {
  readonly id: string;
  readonly code: string;
  readonly message: string;
}

export interface RetryOutcome {
  /** Ids of the runs scheduled again, in the order asked. */
  readonly retried: string[];
  readonly refused: RetryRefusal[];
}

export interface JournalFilter {
  readonly kind?: JournalKind | undefined;
}

/**
 * The API's side of the journal: an item's entries, and the manual retry of a failed run (runs
 * are listed by runs-read-repository.ts). The engine writes both through runs-repository.ts and journal-repository.ts.
 * Pages are keyed on the id (UUIDv7), which is also the order rows were written in.
 */
export class JournalReadRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;

  /** A retried run is due at once: the caller wakes the runners after this commits. */
  constructor(db: Kysely<Database>, ids: IdGenerator) {
    this.#db = db;
    this.#ids = ids;
  }

  /** The journal of one item, oldest first. */
  async itemJournal(
    itemId: string,
    filter: JournalFilter,
    page: PageRequest,
  ): Promise<Page<NamedJournalEntry>> {
    const limit = pageSize(page);
    let query = this.#db
      .selectFrom('journalEntries')
      .selectAll()
      .where('itemId', '=', itemId)
      .orderBy('id')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '>', decodeCursor(page.cursor));
    if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
    const entries = toPage(await query.execute(), limit, toJournalEntry);
    return { data: await nameJournalEntries(this.#db, entries.data), nextCursor: entries.nextCursor };
  }

  /**
   * Retries each run as `retryRun` does, each in its own transaction: a run that is not failed, or
   * does not exist, is refused with its error's code and message, and the others still go ahead.
   */
  async retryRuns(ids: readonly string[], retriedBy: string, now: Date): Promise<RetryOutcome> {
    const retried: string[] = [];
    const refused: RetryRefusal[] = [];
    for (const id of ids) {
      try {
        await this.retryRun(id, retriedBy, now);
        retried.push(id);
      } catch (error) {
        if (!(error instanceof AppError) || (error.kind !== 'conflict' && error.kind !== 'not_found'))
          throw error;
        refused.push({ id, code: error.code, message: error.message });
      }
    }
    return { retried, refused };
  }

  /**
   * Gives a failed run one more attempt, due now. The status change is conditional on `failed`, so
   * two retries at once, or a retry racing anything else, schedule the run at most once. The
   * error stays until the run executes again, so the reason of the failure remains visible.
   */
  async retryRun(id: string, retriedBy: string, now: Date): Promise<Run> {
    const work = async (db: Kysely<Database>): Promise<Run> => {
      const run = await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
      if (run === undefined) throw notFound('run', id);
      const at = now.toISOString();
      const result = await db
        .updateTable('runs')
        .set({
          status: 'scheduled',
          dueAt: at,
          maxAttempts: run.attempts + 1,
          finishedAt: null,
          leaseOwner: null,
          leaseExpiresAt: null,
          updatedAt: at,
        })
        .where('id', '=', id)
        .where('status', '=', 'failed')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) {
        throw conflict('run_not_failed', `Run ${id} is ${run.status}; only a failed run can be retried`, {
          runId: id,
          // Not `status`: problem details are spread into the problem document beside its HTTP status.
          runStatus: run.status,
        });
      }
      const failure = await db
        .selectFrom('journalEntries')
        .select('id')
        .where('runId', '=', id)
        .where('kind', '=', 'run_failed')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      await new JournalRepository(db, this.#ids).add(
        {
          kind: 'run_planned',
          itemId: run.itemId,
          runId: run.id,
          robotId: run.robotId,
          stageId: run.stageId,
          message: `retried by ${retriedBy}`,
          data: { retriedBy, dueAt: at, maxAttempts: run.attempts + 1 },
          rootEventId: run.rootEventId,
          causeId: failure?.id ?? null,
          depth: run.depth,
        },
        now,
      );
      return toRun(await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
    };
    return this.#db.isTransaction ? work(this.#db) : this.#db.transaction().execute(work);
  }
}
