import { type Kysely, sql } from 'kysely';
import { notFound } from '../../domain/errors.ts';
import type { StageSemantics } from '../../domain/pipeline.ts';
import type { LocalDay } from '../../domain/timing/local-days.ts';
import type { Database } from '../schema.ts';
import { loadStages } from './pipeline-stages.ts';

export interface FunnelStage {
  readonly stageId: string;
  readonly name: string;
  readonly semantics: StageSemantics;
  /** Items in the stage now. */
  readonly current: number;
  /**
   * Items that ever entered the stage or, for an open or won stage, a later open or won one (an
   * item that skipped a stage still passed it). A lost stage counts the items that entered it.
   */
  readonly reached: number;
  /** reached over the reached of the previous open stage; null for the first stage and lost ones. */
  readonly conversion: number | null;
}

export interface Funnel {
  readonly pipelineId: string;
  readonly stages: FunnelStage[];
}

/** Statuses the runs chart counts: final ones by the day they finished, scheduled by their due day. */
export const CHARTED_RUN_STATUSES = ['succeeded', 'failed', 'cancelled', 'skipped', 'scheduled'] as const;
export type ChartedRunStatus = (typeof CHARTED_RUN_STATUSES)[number];

export type RunsOfDay = { readonly day: string } & Record<ChartedRunStatus, number>;

/** The dashboard's figures, each in a fixed number of grouped queries. */
export class StatsRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async funnel(pipelineId: string): Promise<Funnel> {
    const pipeline = await this.#db
      .selectFrom('pipelines')
      .select('id')
      .where('id', '=', pipelineId)
      .executeTakeFirst();
    if (pipeline === undefined) throw notFound('pipeline', pipelineId);
    const stages = await loadStages(this.#db, pipelineId);

    // Every stage entry of the pipeline's items: the journal's moves (creation is one) and, for
    // items written around the engine, the stage they are in now.
    const entries = this.#db
      .selectFrom('journalEntries')
      .select(['journalEntries.itemId as itemId', 'journalEntries.stageId as stageId'])
      .where('journalEntries.kind', '=', 'moved')
      .unionAll(
        this.#db
          .selectFrom('items')
          .select(['items.id as itemId', 'items.stageId as stageId'])
          .where('items.pipelineId', '=', pipelineId),
      );
    const entered = this.#db
      .selectFrom(entries.as('entries'))
      .innerJoin('items', 'items.id', 'entries.itemId')
      .innerJoin('stages', 'stages.id', 'entries.stageId')
      .where('items.pipelineId', '=', pipelineId)
      .where('stages.pipelineId', '=', pipelineId);

    const furthest = await this.#db
      .selectFrom(
        entered
          .where('stages.semantics', '!=', 'lost')
          .select((eb) => ['entries.itemId', eb.fn.max('stages.sort').as('furthest')])
          .groupBy('entries.itemId')
          .as('reach'),
      )
      .select((eb) => ['reach.furthest', eb.fn.countAll().as('items')])
      .groupBy('reach.furthest')
      .execute();
    const lost = await entered
      .where('stages.semantics', '=', 'lost')
      .select((eb) => ['stages.id', eb.fn.count('entries.itemId').distinct().as('items')])
      .groupBy('stages.id')
      .execute();
    const current = await this.#db
      .selectFrom('items')
      .select((eb) => ['items.stageId', eb.fn.countAll().as('items')])
      .where('items.pipelineId', '=', pipelineId)
      .groupBy('items.stageId')
      .execute();

    let previousOpen: number | undefined;
    return {
      pipelineId,
      stages: stages.map((stage): FunnelStage => {
        const reached =
          stage.semantics === 'lost'
            ? Number(lost.find((row) => row.id === stage.id)?.items ?? 0)
            : furthest
                .filter((row) => Number(row.furthest) >= stage.sort)
                .reduce((total, row) => total + Number(row.items), 0);
        const conversion =
          stage.semantics === 'lost' || previousOpen === undefined
            ? null
            : previousOpen === 0
              ? null
              : reached / previousOpen;
        if (stage.semantics === 'open') previousOpen = reached;
        return {
          stageId: stage.id,
          name: stage.name,
          semantics: stage.semantics,
          current: Number(current.find((row) => row.stageId === stage.id)?.items ?? 0),
          reached,
          conversion,
        };
      }),
    };
  }

  /** Runs per local day and status; `days` are consecutive, oldest first. */
  async runsPerDay(days: readonly LocalDay[], pipelineId: string | undefined): Promise<RunsOfDay[]> {
    const first = days[0];
    const last = days.at(-1);
    if (first === undefined || last === undefined) return [];
    const at = sql<string>`case when ${sql.ref('runs.status')} = 'scheduled' then ${sql.ref(
      'runs.dueAt',
    )} else ${sql.ref('runs.finishedAt')} end`;
    // The day a run counts on, by its index in `days`: the first day whose end is after it.
    const dayIndex = sql<number>`case ${sql.join(
      days.map((day, index) => sql`when ${at} < ${day.end.toISOString()} then ${sql.lit(index)}`),
      sql` `,
    )} end`;
    let counted = this.#db
      .selectFrom('runs')
      .select(['runs.status', dayIndex.as('dayIndex')])
      .where('runs.status', 'in', CHARTED_RUN_STATUSES)
      .where(at, '>=', first.start.toISOString())
      .where(at, '<', last.end.toISOString());
    if (pipelineId !== undefined) counted = counted.where('runs.pipelineId', '=', pipelineId);
    const rows = await this.#db
      .selectFrom(counted.as('counted'))
      .select((eb) => ['counted.dayIndex', 'counted.status', eb.fn.countAll().as('runs')])
      .groupBy(['counted.dayIndex', 'counted.status'])
      .execute();
    return days.map((day, index) => {
      const ofDay = rows.filter((row) => Number(row.dayIndex) === index);
      const count = (status: ChartedRunStatus) =>
        Number(ofDay.find((row) => row.status === status)?.runs ?? 0);
      return {
        day: day.day,
        succeeded: count('succeeded'),
        failed: count('failed'),
        cancelled: count('cancelled'),
        skipped: count('skipped'),
        scheduled: count('scheduled'),
      };
    });
  }
}
