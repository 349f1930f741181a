import type { Kysely, Selectable } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import { notFound } from '../../domain/errors.ts';
import { overdueAtAfter } from '../../domain/task-overdue.ts';
import { CLOSED_TASK_STATUSES, completedAtAfter, type Task, type TaskStatus } from '../../domain/work.ts';
import { fromJson, toJson } from '../columns.ts';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { Database, TasksTable } from '../schema.ts';
import { deleteById, updatePinned, updateVersioned } from '../versioned.ts';

export interface NewTask {
  readonly itemId?: string | null;
  readonly title: string;
  readonly description?: string | null;
  readonly responsibleId?: string | null;
  readonly observerIds?: readonly string[];
  readonly deadline?: Date | null;
  /** Default: `new`. */
  readonly status?: TaskStatus;
  readonly stageId?: string | null;
  readonly createdByRobotId?: string | null;
  readonly createdByUserId?: string | null;
}

/** The robot or person that created a task stays its creator. */
export type TaskChanges = Partial<Omit<NewTask, 'createdByRobotId' | 'createdByUserId'>>;

export interface TaskFilter {
  readonly itemId?: string | undefined;
  readonly responsibleId?: string | undefined;
  /** Any of these statuses. */
  readonly statuses?: readonly TaskStatus[] | undefined;
  readonly createdByRobotId?: string | undefined;
  readonly createdByUserId?: string | undefined;
  /** true: deadline passed and not completed or cancelled; false: every other task. */
  readonly overdue?: boolean | undefined;
  /** Tasks with a deadline before this instant (ISO 8601). */
  readonly dueBefore?: string | undefined;
  /** Tasks with a deadline at or after this instant (ISO 8601). */
  readonly dueAfter?: string | undefined;
}

/** Where an item is: what a task or activity needs to check its stage against. */
export interface ItemPlacement {
  readonly pipelineId: string;
  readonly stageId: string;
}

export async function findItemPlacement(
  db: Kysely<Database>,
  itemId: string,
): Promise<ItemPlacement | undefined> {
  return db.selectFrom('items').select(['pipelineId', 'stageId']).where('id', '=', itemId).executeTakeFirst();
}

/** The pipeline of a stage; undefined when the stage does not exist. */
export async function findStagePipelineId(
  db: Kysely<Database>,
  stageId: string,
): Promise<string | undefined> {
  const row = await db.selectFrom('stages').select('pipelineId').where('id', '=', stageId).executeTakeFirst();
  return row?.pipelineId;
}

export function toTask(row: Selectable<TasksTable>): Task {
  return {
    id: row.id,
    itemId: row.itemId,
    title: row.title,
    description: row.description,
    responsibleId: row.responsibleId,
    observerIds: fromJson<string[]>(row.observerIds, []),
    deadline: row.deadline,
    status: row.status as TaskStatus,
    stageId: row.stageId,
    createdByRobotId: row.createdByRobotId,
    createdByUserId: row.createdByUserId,
    completedAt: row.completedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

export class TasksRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;

  constructor(db: Kysely<Database>, ids: IdGenerator) {
    this.#db = db;
    this.#ids = ids;
  }

  async create(input: NewTask, now: Date): Promise<Task> {
    const id = this.#ids();
    const at = now.toISOString();
    const status = input.status ?? 'new';
    const deadline = input.deadline?.toISOString() ?? null;
    await this.#db
      .insertInto('tasks')
      .values({
        id,
        itemId: input.itemId ?? null,
        title: input.title,
        description: input.description ?? null,
        responsibleId: input.responsibleId ?? null,
        observerIds: toJson(input.observerIds ?? []),
        deadline,
        status,
        overdueAt: overdueAtAfter(undefined, { status, deadline }, now) ?? null,
        stageId: input.stageId ?? null,
        createdByRobotId: input.createdByRobotId ?? null,
        createdByUserId: input.createdByUserId ?? null,
        completedAt: completedAtAfter(status === 'completed', null, now),
        createdAt: at,
        updatedAt: at,
        version: 1,
      })
      .execute();
    return this.getOrThrow(id);
  }

  async find(id: string): Promise<Task | undefined> {
    const row = await this.#db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toTask(row);
  }

  async getOrThrow(id: string): Promise<Task> {
    const task = await this.find(id);
    if (task === undefined) throw notFound('task', id);
    return task;
  }

  /** `now` decides which deadlines have passed for the `overdue` filter. */
  async list(filter: TaskFilter, page: PageRequest, now: Date): Promise<Page<Task>> {
    const limit = pageSize(page);
    let query = this.#db
      .selectFrom('tasks')
      .selectAll()
      .orderBy('id')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '>', decodeCursor(page.cursor));
    if (filter.itemId !== undefined) query = query.where('itemId', '=', filter.itemId);
    if (filter.responsibleId !== undefined) query = query.where('responsibleId', '=', filter.responsibleId);
    if (filter.statuses !== undefined && filter.statuses.length > 0) {
      query = query.where('status', 'in', filter.statuses);
    }
    // Stored deadlines are UTC ISO text with milliseconds (timestamptz on PostgreSQL): compare alike.
    if (filter.dueBefore !== undefined) {
      query = query
        .where('deadline', 'is not', null)
        .where('deadline', '<', new Date(filter.dueBefore).toISOString());
    }
    if (filter.dueAfter !== undefined) {
      query = query
        .where('deadline', 'is not', null)
        .where('deadline', '>=', new Date(filter.dueAfter).toISOString());
    }
    if (filter.createdByRobotId !== undefined) {
      query = query.where('createdByRobotId', '=', filter.createdByRobotId);
    }
    if (filter.createdByUserId !== undefined) {
      query = query.where('createdByUserId', '=', filter.createdByUserId);
    }
    const { overdue } = filter;
    if (overdue !== undefined) {
      query = query.where((eb) => {
        const isOverdue = eb.and([
          eb('deadline', 'is not', null),
          eb('deadline', '<', now.toISOString()),
          eb('status', 'not in', CLOSED_TASK_STATUSES),
        ]);
        return overdue ? isOverdue : eb.not(isOverdue);
      });
    }
    return toPage(await query.execute(), limit, toTask);
  }

  /**
   * A status change decides `completedAt` from the row it replaces, so the write is pinned to the
   * version that was read; without a version from the caller, losing that race is retried.
   */
  async update(
    id: string,
    changes: TaskChanges,
    expectedVersion: number | undefined,
    now: Date,
  ): Promise<Task> {
    await updatePinned(
      () => this.getOrThrow(id),
      (current, version) => this.#write(current, changes, version, now),
      expectedVersion,
    );
    return this.getOrThrow(id);
  }

  #write(current: Task, changes: TaskChanges, version: number, now: Date): Promise<void> {
    const deadline =
      changes.deadline === undefined ? current.deadline : (changes.deadline?.toISOString() ?? null);
    const overdueAt = overdueAtAfter(current, { status: changes.status ?? current.status, deadline }, now);
    return updateVersioned(this.#db, 'tasks', 'task', current.id, version, {
      ...(changes.itemId !== undefined && { itemId: changes.itemId }),
      ...(changes.title !== undefined && { title: changes.title }),
      ...(changes.description !== undefined && { description: changes.description }),
      ...(changes.responsibleId !== undefined && { responsibleId: changes.responsibleId }),
      ...(changes.observerIds !== undefined && { observerIds: toJson(changes.observerIds) }),
      ...(changes.deadline !== undefined && { deadline: changes.deadline?.toISOString() ?? null }),
      ...(changes.stageId !== undefined && { stageId: changes.stageId }),
      ...(overdueAt !== undefined && { overdueAt }),
      ...(changes.status !== undefined && {
        status: changes.status,
        completedAt: completedAtAfter(
          changes.status === 'completed',
          current.status === 'completed' ? current.completedAt : null,
          now,
        ),
      }),
      updatedAt: now.toISOString(),
    });
  }

  /**
   * Completes the open tasks robots created for an item: all of them, those of one stage, or those
   * of the stages of one pipeline. Tasks people created are never touched. One statement, so it
   * commits with the caller's transaction (the robot's run) or not at all. Returns the ids
   * completed, in id order.
   */
  async completeCreatedByRobots(
    itemId: string,
    scope: { readonly stageId?: string | undefined; readonly pipelineId?: string | undefined },
    now: Date,
  ): Promise<string[]> {
    const at = now.toISOString();
    let query = this.#db
      .updateTable('tasks')
      .set({ status: 'completed', completedAt: at, updatedAt: at, overdueAt: null })
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('itemId', '=', itemId)
      .where('createdByRobotId', 'is not', null)
      .where('status', 'not in', CLOSED_TASK_STATUSES);
    if (scope.stageId !== undefined) query = query.where('stageId', '=', scope.stageId);
    if (scope.pipelineId !== undefined) {
      const stagesOfPipeline = this.#db
        .selectFrom('stages')
        .select('id')
        .where('pipelineId', '=', scope.pipelineId);
      query = query.where('stageId', 'in', stagesOfPipeline);
    }
    const rows = await query.returning('id').execute();
    return rows.map((row) => row.id).sort();
  }

  /** Ids of the tasks whose overdue check is due at `now`, the earliest first. */
  async dueOverdue(now: Date, limit: number): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('tasks')
      .select('id')
      .where('overdueAt', 'is not', null)
      .where('overdueAt', '<=', now.toISOString())
      .orderBy('overdueAt')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }

  /**
   * Takes the task's due overdue check: true for the one caller that took it. The condition is
   * read again at the write, so a deadline moved or a task closed meanwhile is not taken, and two
   * processors never both fire it.
   */
  async takeOverdue(id: string, now: Date): Promise<boolean> {
    const result = await this.#db
      .updateTable('tasks')
      .set({ overdueAt: null })
      .where('id', '=', id)
      .where('overdueAt', 'is not', null)
      .where('overdueAt', '<=', now.toISOString())
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The earliest overdue check still planned (ISO 8601), or undefined. */
  async nextOverdueAt(): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('tasks')
      .select((eb) => eb.fn.min('overdueAt').as('next'))
      .executeTakeFirst();
    const next = row?.next as string | Date | null | undefined;
    return next === null || next === undefined ? undefined : new Date(next).toISOString();
  }

  findItemPlacement(itemId: string): Promise<ItemPlacement | undefined> {
    return findItemPlacement(this.#db, itemId);
  }

  findStagePipelineId(stageId: string): Promise<string | undefined> {
    return findStagePipelineId(this.#db, stageId);
  }

  delete(id: string): Promise<void> {
    return deleteById(this.#db, 'tasks', 'task', id);
  }
}
