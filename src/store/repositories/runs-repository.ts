import type { Kysely, Selectable } from 'kysely';
import type { NewRun, RunChanges } from '../../automation/ports.ts';
import type { IdGenerator } from '../../domain/clock.ts';
import type { Robot } from '../../domain/rules.ts';
import { type Run, type RunError, type RunStatus, runWorkOf } from '../../domain/run.ts';
import { fromJson, toJson } from '../columns.ts';
import type { Database, RunsTable } from '../schema.ts';
import { toRobot } from './rule-rows.ts';

export function toRun(row: Selectable<RunsTable>): Run {
  return {
    id: row.id,
    robotId: row.robotId,
    itemId: row.itemId,
    pipelineId: row.pipelineId,
    stageId: row.stageId,
    stageEntryId: row.stageEntryId,
    actionType: row.actionType,
    status: row.status as RunStatus,
    plannedAt: row.plannedAt,
    dueAt: row.dueAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    leaseOwner: row.leaseOwner,
    leaseExpiresAt: row.leaseExpiresAt,
    reason: row.reason,
    error: fromJson<RunError | null>(row.error, null),
    result: fromJson<Record<string, unknown> | null>(row.result, null),
    previousRunId: row.previousRunId,
    rootEventId: row.rootEventId,
    causeEventId: row.causeEventId,
    depth: row.depth,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    robotVersion: row.robotVersion ?? null,
    undoneAt: row.undoneAt ?? null,
    undoneBy: fromJson<Run['undoneBy']>(row.undoneBy, null),
    work: runWorkOf(row.workKind ?? null, row.workId ?? null),
  };
}

const iso = (date: Date | null | undefined): string | null | undefined =>
  date === undefined ? undefined : date === null ? null : date.toISOString();

/** The engine's side of the runs table: planning and status changes. Claiming is run-queue-store.ts. */
export class RunsRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;
  readonly #afterPlanning: (db: Kysely<Database>) => Promise<void>;
  readonly #lockRows: boolean;

  /**
   * `afterPlanning` runs in the planning transaction (PostgreSQL: a NOTIFY delivered at commit);
   * `lockRows`: whether the database supports `SELECT ... FOR UPDATE`.
   */
  constructor(
    db: Kysely<Database>,
    ids: IdGenerator,
    afterPlanning: (db: Kysely<Database>) => Promise<void>,
    lockRows = false,
  ) {
    this.#db = db;
    this.#ids = ids;
    this.#afterPlanning = afterPlanning;
    this.#lockRows = lockRows;
  }

  async create(run: NewRun, now: Date): Promise<Run> {
    const at = now.toISOString();
    const row: Selectable<RunsTable> = {
      id: this.#ids(),
      robotId: run.robotId,
      itemId: run.itemId,
      pipelineId: run.pipelineId,
      stageId: run.stageId,
      stageEntryId: run.stageEntryId,
      actionType: run.actionType,
      status: run.status,
      plannedAt: at,
      dueAt: iso(run.dueAt) ?? null,
      startedAt: null,
      finishedAt: null,
      attempts: 0,
      maxAttempts: run.maxAttempts,
      leaseOwner: null,
      leaseExpiresAt: null,
      reason: null,
      error: null,
      result: null,
      previousRunId: run.previousRunId,
      rootEventId: run.rootEventId,
      causeEventId: run.causeEventId,
      depth: run.depth,
      createdAt: at,
      updatedAt: at,
      robotVersion: run.robotVersion ?? null,
      undoneAt: null,
      undoneBy: null,
      workKind: run.work?.kind ?? null,
      workId: run.work?.id ?? null,
    };
    await this.#db.insertInto('runs').values(row).execute();
    if (run.status === 'scheduled') await this.#afterPlanning(this.#db);
    return toRun(row);
  }

  async find(id: string): Promise<Run | undefined> {
    const row = await this.#db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toRun(row);
  }

  /**
   * Marks a succeeded run undone by `by`, once: false when it is not succeeded or is undone
   * already (two people undoing it at the same moment: the second writes nothing).
   */
  async markUndone(id: string, by: { userId: string | null; name: string }, now: Date): Promise<boolean> {
    const result = await this.#db
      .updateTable('runs')
      .set({ undoneAt: now.toISOString(), undoneBy: toJson(by), updatedAt: now.toISOString() })
      .where('id', '=', id)
      .where('status', '=', 'succeeded')
      .where('undoneAt', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async findForUpdate(id: string): Promise<Run | undefined> {
    const query = this.#db.selectFrom('runs').selectAll().where('id', '=', id);
    const row = await (this.#lockRows ? query.forUpdate() : query).executeTakeFirst();
    return row === undefined ? undefined : toRun(row);
  }

  /**
   * The run, locked as `findForUpdate` locks it, with its robot (undefined when deleted) in the
   * same statement: executing a run reads both first.
   */
  async findForExecution(id: string): Promise<{ run: Run; robot: Robot | undefined } | undefined> {
    const query = this.#db
      .selectFrom('runs')
      .leftJoin('robots', 'robots.id', 'runs.robotId')
      .selectAll('runs')
      .select([
        'robots.id as robotRowId',
        'robots.name as robotName',
        'robots.pipelineId as robotPipelineId',
        'robots.stageId as robotStageId',
        'robots.actionType as robotActionType',
        'robots.params as robotParams',
        'robots.timing as robotTiming',
        'robots.condition as robotCondition',
        'robots.afterPrevious as robotAfterPrevious',
        'robots.repeat as robotRepeat',
        'robots.retry as robotRetry',
        'robots.sort as robotSort',
        'robots.actAs as robotActAs',
        'robots.enabled as robotEnabled',
        'robots.createdAt as robotCreatedAt',
        'robots.updatedAt as robotUpdatedAt',
        'robots.version as robotRowVersion',
      ])
      .where('runs.id', '=', id);
    // Only the run's row: the robot's stays free for whoever edits it meanwhile.
    const row = await (this.#lockRows ? query.forUpdate('runs') : query).executeTakeFirst();
    if (row === undefined) return undefined;
    const robot =
      row.robotRowId === null
        ? undefined
        : toRobot({
            id: row.robotRowId,
            name: row.robotName ?? '',
            pipelineId: row.robotPipelineId ?? '',
            stageId: row.robotStageId ?? '',
            actionType: row.robotActionType ?? '',
            params: row.robotParams,
            timing: row.robotTiming,
            condition: row.robotCondition,
            afterPrevious: row.robotAfterPrevious ?? false,
            repeat: row.robotRepeat ?? '',
            retry: row.robotRetry,
            sort: row.robotSort ?? 0,
            actAs: row.robotActAs,
            enabled: row.robotEnabled ?? false,
            createdAt: row.robotCreatedAt ?? '',
            updatedAt: row.robotUpdatedAt ?? '',
            version: row.robotRowVersion ?? 0,
          });
    return { run: toRun(row), robot };
  }

  async notStartedOfEntry(itemId: string, stageEntryId: string): Promise<Run[]> {
    const rows = await this.#db
      .selectFrom('runs')
      .selectAll()
      .where('itemId', '=', itemId)
      .where('stageEntryId', '=', stageEntryId)
      .where('status', 'in', ['waiting', 'scheduled'])
      .orderBy('id')
      .execute();
    return rows.map(toRun);
  }

  async hasRunForItem(robotId: string, itemId: string): Promise<boolean> {
    const row = await this.#db
      .selectFrom('runs')
      .select('id')
      .where('robotId', '=', robotId)
      .where('itemId', '=', itemId)
      .where('status', '!=', 'cancelled')
      .executeTakeFirst();
    return row !== undefined;
  }

  async waitingOfItem(itemId: string): Promise<Run[]> {
    const rows = await this.#db
      .selectFrom('runs')
      .selectAll()
      .where('itemId', '=', itemId)
      .where('status', 'in', ['waiting', 'scheduled'])
      .orderBy('id')
      .execute();
    return rows.map(toRun);
  }

  async waitingFor(previousRunId: string): Promise<Run[]> {
    const rows = await this.#db
      .selectFrom('runs')
      .selectAll()
      .where('previousRunId', '=', previousRunId)
      .where('status', '=', 'waiting')
      .orderBy('id')
      .execute();
    return rows.map(toRun);
  }

  /**
   * Moves a run from one of `from` to `to` in one conditional statement: a run cancelled while a
   * worker was deciding cannot be marked succeeded afterwards, and the reverse.
   */
  async transition(
    id: string,
    from: readonly RunStatus[],
    to: RunStatus,
    changes: RunChanges,
    now: Date,
    owner?: string,
  ): Promise<boolean> {
    const update = this.#db
      .updateTable('runs')
      .set({
        status: to,
        updatedAt: now.toISOString(),
        ...(changes.dueAt !== undefined && { dueAt: iso(changes.dueAt) }),
        ...(changes.reason !== undefined && { reason: changes.reason }),
        ...(changes.error !== undefined && { error: changes.error === null ? null : toJson(changes.error) }),
        ...(changes.result !== undefined && {
          result: changes.result === null ? null : toJson(changes.result),
        }),
        ...(changes.attempts !== undefined && { attempts: changes.attempts }),
        ...(changes.maxAttempts !== undefined && { maxAttempts: changes.maxAttempts }),
        ...(changes.work !== undefined && {
          workKind: changes.work?.kind ?? null,
          workId: changes.work?.id ?? null,
        }),
        ...(changes.startedAt !== undefined && { startedAt: iso(changes.startedAt) }),
        ...(changes.finishedAt !== undefined && { finishedAt: iso(changes.finishedAt) }),
        ...(to !== 'running' && { leaseOwner: null, leaseExpiresAt: null }),
      })
      .where('id', '=', id)
      .where('status', 'in', [...from]);
    // A worker whose lease expired (another worker reclaimed the run) must not write its outcome.
    const result = await (owner === undefined
      ? update
      : update.where('leaseOwner', '=', owner)
    ).executeTakeFirst();
    const moved = Number(result.numUpdatedRows) === 1;
    if (moved && to === 'scheduled') await this.#afterPlanning(this.#db);
    return moved;
  }
}
