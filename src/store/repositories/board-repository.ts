import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import { notFound } from '../../domain/errors.ts';
import { formatMoney } from '../../domain/money.ts';
import type { Stage } from '../../domain/pipeline.ts';
import { CLOSED_TASK_STATUSES } from '../../domain/work.ts';
import { containsIgnoringCase, fromBool } from '../columns.ts';
import type { Database } from '../schema.ts';
import { loadStages } from './pipeline-stages.ts';
import { formatMinorText } from './sums.ts';

export interface BoardFilter {
  readonly responsibleId?: string | undefined;
  /** A part of the title or of the contact's name, matched without regard to case. */
  readonly q?: string | undefined;
  /** true: only items with an open task or planned activity past its deadline; false: the others. */
  readonly overdue?: boolean | undefined;
  /** Cards returned per column. Default: 50; at most 200. Counts and sums cover every match. */
  readonly limitPerStage?: number | undefined;
}

export const DEFAULT_CARDS_PER_STAGE = 50;

export interface NextRun {
  readonly runId: string;
  readonly robotId: string;
  readonly robotName: string;
  readonly action: string;
  readonly dueAt: string | null;
}

/** What a board card shows: the item, the names around it and what the automation does next. */
export interface Card {
  readonly id: string;
  readonly title: string;
  readonly amount: string;
  readonly currency: string;
  readonly version: number;
  readonly stageId: string;
  readonly stageEnteredAt: string;
  readonly createdAt: string;
  readonly contact: { readonly id: string; readonly name: string } | null;
  readonly responsible: { readonly id: string; readonly name: string } | null;
  readonly paidSum: string;
  readonly overdue: boolean;
  readonly openTasks: number;
  readonly nextRun: NextRun | null;
  readonly pendingRuns: number;
}

export interface CurrencySum {
  readonly currency: string;
  readonly amount: string;
}

export interface BoardColumn {
  readonly stageId: string;
  readonly count: number;
  readonly sums: CurrencySum[];
  readonly items: Card[];
}

export interface Board {
  readonly pipeline: {
    readonly id: string;
    readonly name: string;
    readonly entityType: string;
    readonly stages: Stage[];
  };
  readonly columns: BoardColumn[];
  readonly generatedAt: string;
}

type ItemsScope = ExpressionBuilder<Database, 'items' | 'contacts'>;

/**
 * The board of a pipeline in a fixed number of queries, whatever the number of cards: the
 * pipeline, the counts and sums per stage and currency, the newest cards of every stage (one
 * windowed query), and the pending runs of those cards.
 */
export class BoardRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async board(pipelineId: string, filter: BoardFilter, now: Date): Promise<Board> {
    const pipeline = await this.#db
      .selectFrom('pipelines')
      .select(['id', 'name', 'entityType'])
      .where('id', '=', pipelineId)
      .executeTakeFirst();
    if (pipeline === undefined) throw notFound('pipeline', pipelineId);
    const stages = await loadStages(this.#db, pipelineId);
    const where = (eb: ItemsScope) => matching(eb, pipelineId, filter, now.toISOString());

    const totals = await this.#db
      .selectFrom('items')
      .leftJoin('contacts', 'contacts.id', 'items.contactId')
      .where(where)
      .select((eb) => [
        'items.stageId',
        'items.currency',
        eb.fn.countAll().as('count'),
        sql<string>`cast(sum(${sql.ref('items.amountMinor')}) as text)`.as('sum'),
      ])
      .groupBy(['items.stageId', 'items.currency'])
      .orderBy('items.currency')
      .execute();

    const cards = await this.#cards(where, filter.limitPerStage ?? DEFAULT_CARDS_PER_STAGE, now);
    const columns = stages.map((stage): BoardColumn => {
      const ofStage = totals.filter((row) => row.stageId === stage.id);
      return {
        stageId: stage.id,
        count: ofStage.reduce((total, row) => total + Number(row.count), 0),
        sums: ofStage.map((row) => ({ currency: row.currency, amount: formatMinorText(row.sum) })),
        items: cards.filter((card) => card.stageId === stage.id),
      };
    });
    return {
      pipeline: { id: pipeline.id, name: pipeline.name, entityType: pipeline.entityType, stages },
      columns,
      generatedAt: now.toISOString(),
    };
  }

  /** The newest cards of every stage, newest first, with what their runs will do next. */
  async #cards(where: (eb: ItemsScope) => ReturnType<typeof matching>, limit: number, now: Date) {
    const at = now.toISOString();
    const ranked = this.#db
      .selectFrom('items')
      .leftJoin('contacts', 'contacts.id', 'items.contactId')
      .leftJoin('users', 'users.id', 'items.responsibleId')
      .where(where)
      .select((eb) => [
        'items.id',
        'items.title',
        'items.amountMinor',
        'items.currency',
        'items.version',
        'items.stageId',
        'items.stageEntryId',
        'items.stageEnteredAt',
        'items.createdAt',
        'items.paidMinor',
        'items.contactId',
        'contacts.name as contactName',
        'items.responsibleId',
        'users.name as responsibleName',
        overdueOf(eb, at).as('overdue'),
        eb
          .selectFrom('tasks')
          .select((inner) => inner.fn.countAll().as('n'))
          .whereRef('tasks.itemId', '=', 'items.id')
          .where('tasks.status', 'not in', CLOSED_TASK_STATUSES)
          .as('openTasks'),
        sql<number>`row_number() over (partition by ${sql.ref('items.stageId')} order by ${sql.ref(
          'items.stageEnteredAt',
        )} desc, ${sql.ref('items.id')} desc)`.as('position'),
      ]);
    const rows = await this.#db
      .selectFrom(ranked.as('ranked'))
      .selectAll()
      .where('position', '<=', limit)
      .orderBy('stageEnteredAt', 'desc')
      .orderBy('id', 'desc')
      .execute();
    const pending = await this.#pendingRuns(rows.map((row) => row.id));
    return rows.map((row): Card => {
      const runs = pending.filter((run) => run.itemId === row.id && run.stageEntryId === row.stageEntryId);
      const next = runs.find((run) => run.status === 'scheduled');
      return {
        id: row.id,
        title: row.title,
        amount: formatMoney(Number(row.amountMinor)),
        currency: row.currency,
        version: row.version,
        stageId: row.stageId,
        stageEnteredAt: row.stageEnteredAt,
        createdAt: row.createdAt,
        contact:
          row.contactId === null ? null : { id: row.contactId, name: row.contactName ?? row.contactId },
        responsible:
          row.responsibleId === null
            ? null
            : { id: row.responsibleId, name: row.responsibleName ?? row.responsibleId },
        paidSum: formatMoney(Number(row.paidMinor)),
        overdue: fromBool(row.overdue as number | boolean),
        openTasks: Number(row.openTasks ?? 0),
        nextRun:
          next === undefined
            ? null
            : {
                runId: next.id,
                robotId: next.robotId,
                robotName: next.robotName ?? next.robotId,
                action: next.actionType,
                dueAt: next.dueAt,
              },
        pendingRuns: runs.length,
      };
    });
  }

  /** Runs not started yet (waiting or scheduled) of these items, the soonest due first. */
  async #pendingRuns(itemIds: readonly string[]) {
    if (itemIds.length === 0) return [];
    return this.#db
      .selectFrom('runs')
      .leftJoin('robots', 'robots.id', 'runs.robotId')
      .select([
        'runs.id',
        'runs.itemId',
        'runs.stageEntryId',
        'runs.robotId',
        'runs.actionType',
        'runs.status',
        'runs.dueAt',
        'robots.name as robotName',
      ])
      .where('runs.itemId', 'in', itemIds)
      .where('runs.status', 'in', ['waiting', 'scheduled'])
      .orderBy('runs.dueAt')
      .orderBy('runs.id')
      .execute();
  }
}

/** The items of the pipeline that pass the board's filter. */
function matching(eb: ItemsScope, pipelineId: string, filter: BoardFilter, now: string) {
  const parts = [eb('items.pipelineId', '=', pipelineId)];
  if (filter.responsibleId !== undefined) parts.push(eb('items.responsibleId', '=', filter.responsibleId));
  if (filter.q !== undefined && filter.q.trim() !== '') {
    const text = filter.q.trim();
    parts.push(
      eb.or([
        containsIgnoringCase('items.title', text),
        eb.and([eb('contacts.name', 'is not', null), containsIgnoringCase('contacts.name', text)]),
      ]),
    );
  }
  if (filter.overdue !== undefined) {
    const overdue = overdueOf(eb, now);
    parts.push(filter.overdue ? overdue : eb.not(overdue));
  }
  return eb.and(parts);
}

/** An open task past its deadline or a planned activity past its due time, by `now`. */
function overdueOf(eb: ExpressionBuilder<Database, 'items'>, now: string) {
  return eb.or([
    eb.exists(
      eb
        .selectFrom('tasks')
        .select('tasks.id')
        .whereRef('tasks.itemId', '=', 'items.id')
        .where('tasks.status', 'not in', CLOSED_TASK_STATUSES)
        .where('tasks.deadline', 'is not', null)
        .where('tasks.deadline', '<', now),
    ),
    eb.exists(
      eb
        .selectFrom('activities')
        .select('activities.id')
        .whereRef('activities.itemId', '=', 'items.id')
        .where('activities.status', '=', 'planned')
        .where('activities.dueAt', 'is not', null)
        .where('activities.dueAt', '<', now),
    ),
  ]);
}
