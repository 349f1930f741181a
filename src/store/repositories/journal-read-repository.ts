import type { Kysely } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import { conflict, notFound } from '../../domain/errors.ts';
import type { JournalEntry, JournalKind } from '../../domain/journal.ts';
import type { Run, RunStatus } from '../../domain/run.ts';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { Database } from '../schema.ts';
import { JournalRepository, toJournalEntry } from './journal-repository.ts';
import { toRun } from './runs-repository.ts';

export interface RunFilter {
  readonly itemId?: string | undefined;
  readonly robotId?: string | undefined;
  readonly status?: RunStatus | undefined;
  /** Runs due at or after this instant (ISO 8601). */
  readonly dueFrom?: string | undefined;
  /** Runs due at or before this instant (ISO 8601). */
  readonly dueTo?: string | undefined;
}

export interface JournalFilter {
  readonly kind?: JournalKind | undefined;
}

/**
 * The API's side of the runs and the journal: listings for people, and the manual retry of a
 * failed run. The engine writes both through runs-repository.ts and journal-repository.ts.
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

  async listRuns(filter: RunFilter, page: PageRequest): Promise<Page<Run>> {
    const limit = pageSize(page);
    let query = this.#db
      .selectFrom('runs')
      .selectAll()
      .orderBy('id')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '>', decodeCursor(page.cursor));
    if (filter.itemId !== undefined) query = query.where('itemId', '=', filter.itemId);
    if (filter.robotId !== undefined) query = query.where('robotId', '=', filter.robotId);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    // Both databases compare these as instants: timestamptz on PostgreSQL, uniform ISO text on SQLite.
    if (filter.dueFrom !== undefined) query = query.where('dueAt', '>=', isoInstant(filter.dueFrom));
    if (filter.dueTo !== undefined) query = query.where('dueAt', '<=', isoInstant(filter.dueTo));
    return toPage(await query.execute(), limit, toRun);
  }

  async findRun(id: string): Promise<Run | undefined> {
    const row = await this.#db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toRun(row);
  }

  async getRunOrThrow(id: string): Promise<Run> {
    const run = await this.findRun(id);
    if (run === undefined) throw notFound('run', id);
    return run;
  }

  /** The journal of one item, oldest first. */
  async itemJournal(itemId: string, filter: JournalFilter, page: PageRequest): Promise<Page<JournalEntry>> {
    const limit = pageSize(page);
    let query = this.#db
      .selectFrom('journalEntries')
      .selectAll()
      .where('itemId', '=', itemId)
      .orderBy('id')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '>', decodeCursor(page.cursor));
    if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
    return toPage(await query.execute(), limit, toJournalEntry);
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

/** Normalises an instant to the stored form (UTC, milliseconds), so text comparison is correct. */
function isoInstant(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}
