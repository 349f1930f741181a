import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import { invalid, notFound } from '../../domain/errors.ts';
import type { Run, RunStatus } from '../../domain/run.ts';
import { decodeCursor, encodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { Database } from '../schema.ts';
import { toRun } from './runs-repository.ts';

export const RUN_ORDERS = ['oldest-first', 'failed-first', 'newest-first'] as const;
export type RunOrder = (typeof RUN_ORDERS)[number];

export interface RunFilter {
  readonly itemId?: string | undefined;
  readonly robotId?: string | undefined;
  readonly pipelineId?: string | undefined;
  /** Any of these statuses. */
  readonly statuses?: readonly RunStatus[] | undefined;
  /** Runs due at or after this instant (ISO 8601). */
  readonly dueFrom?: string | undefined;
  /** Runs due at or before this instant (ISO 8601). */
  readonly dueTo?: string | undefined;
  /**
   * `oldest-first` (default): in the order they were planned. `failed-first`: failed runs, then
   * the others; within each, the latest due first (a waiting run, due at no time yet, by its
   * planning time). `newest-first`: the reverse of the planning order.
   */
  readonly order?: RunOrder | undefined;
}

/** A run with the names a person reads beside it, so a list needs no lookup per row. */
export interface RunView extends Run {
  /** Null when the robot was deleted since. */
  readonly robotName: string | null;
  readonly itemTitle: string | null;
  readonly stageName: string | null;
}

type RunScope = ExpressionBuilder<Database, 'runs'>;

/** 0 for a failed run, 1 for the others: the first key of the `failed-first` order. */
const failedRank = (eb: RunScope) => eb.case().when('runs.status', '=', 'failed').then(0).else(1).end();
/** The due time, or the planning time of a run not due yet: the second key, descending. */
const dueKey = () => sql<string>`coalesce(${sql.ref('runs.dueAt')}, ${sql.ref('runs.plannedAt')})`;

/** The runs for people: listings with names, filters and two orders, each with stable pages. */
export class RunsReadRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  #select() {
    return this.#db
      .selectFrom('runs')
      .leftJoin('robots', 'robots.id', 'runs.robotId')
      .leftJoin('items', 'items.id', 'runs.itemId')
      .leftJoin('stages', 'stages.id', 'runs.stageId')
      .selectAll('runs')
      .select(['robots.name as robotName', 'items.title as itemTitle', 'stages.name as stageName']);
  }

  async list(filter: RunFilter, page: PageRequest): Promise<Page<RunView>> {
    const limit = pageSize(page);
    let query = this.#select().limit(limit + 1);
    if (filter.itemId !== undefined) query = query.where('runs.itemId', '=', filter.itemId);
    if (filter.robotId !== undefined) query = query.where('runs.robotId', '=', filter.robotId);
    if (filter.pipelineId !== undefined) query = query.where('runs.pipelineId', '=', filter.pipelineId);
    if (filter.statuses !== undefined && filter.statuses.length > 0) {
      query = query.where('runs.status', 'in', filter.statuses);
    }
    // Both databases compare these as instants: timestamptz on PostgreSQL, uniform ISO text on SQLite.
    if (filter.dueFrom !== undefined) query = query.where('runs.dueAt', '>=', isoInstant(filter.dueFrom));
    if (filter.dueTo !== undefined) query = query.where('runs.dueAt', '<=', isoInstant(filter.dueTo));

    if (filter.order === 'newest-first') {
      query = query.orderBy('runs.id', 'desc');
      if (page.cursor !== undefined) query = query.where('runs.id', '<', decodeCursor(page.cursor));
      return toPage(await query.execute(), limit, toRunView);
    }
    if (filter.order !== 'failed-first') {
      query = query.orderBy('runs.id');
      if (page.cursor !== undefined) query = query.where('runs.id', '>', decodeCursor(page.cursor));
      return toPage(await query.execute(), limit, toRunView);
    }
    query = query.orderBy(failedRank).orderBy(dueKey(), 'desc').orderBy('runs.id', 'desc');
    if (page.cursor !== undefined) {
      const [rank, due, id] = decodeOrderKey(page.cursor);
      // After (rank, due, id) in ascending rank, then descending due and id.
      query = query.where((eb) =>
        eb.or([
          eb(failedRank(eb), '>', rank),
          eb.and([eb(failedRank(eb), '=', rank), eb(dueKey(), '<', due)]),
          eb.and([eb(failedRank(eb), '=', rank), eb(dueKey(), '=', due), eb('runs.id', '<', id)]),
        ]),
      );
    }
    const rows = await query.execute();
    const hasMore = rows.length > limit;
    const data = rows.slice(0, limit).map(toRunView);
    const last = data.at(-1);
    return { data, nextCursor: hasMore && last !== undefined ? encodeOrderKey(last) : null };
  }

  /** These runs, in the order of `ids`; unknown ids are left out. */
  async byIds(ids: readonly string[]): Promise<RunView[]> {
    if (ids.length === 0) return [];
    const rows = await this.#select().where('runs.id', 'in', ids).execute();
    const byId = new Map(rows.map((row) => [row.id, toRunView(row)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async find(id: string): Promise<RunView | undefined> {
    const row = await this.#select().where('runs.id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toRunView(row);
  }

  async getOrThrow(id: string): Promise<RunView> {
    const run = await this.find(id);
    if (run === undefined) throw notFound('run', id);
    return run;
  }
}

function toRunView(
  row: Parameters<typeof toRun>[0] & {
    robotName: string | null;
    itemTitle: string | null;
    stageName: string | null;
  },
): RunView {
  return { ...toRun(row), robotName: row.robotName, itemTitle: row.itemTitle, stageName: row.stageName };
}

function encodeOrderKey(run: RunView): string {
  const due = new Date(run.dueAt ?? run.plannedAt).toISOString();
  return encodeCursor(JSON.stringify([run.status === 'failed' ? 0 : 1, due, run.id]));
}

function decodeOrderKey(cursor: string): [number, string, string] {
  const text = decodeCursor(cursor);
  try {
    const key = JSON.parse(text) as unknown;
    if (
      Array.isArray(key) &&
      key.length === 3 &&
      (key[0] === 0 || key[0] === 1) &&
      typeof key[1] === 'string' &&
      !Number.isNaN(new Date(key[1]).getTime()) &&
      typeof key[2] === 'string'
    ) {
      return [key[0], key[1], key[2]];
    }
  } catch {
    // falls through to the error below
  }
  throw invalid('/cursor', 'is not a cursor of this order (order=failed-first)', 'invalid_cursor');
}

/** Normalises an instant to the stored form (UTC, milliseconds), so text comparison is correct. */
function isoInstant(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}
