import type { Kysely, Selectable } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import { notFound } from '../../domain/errors.ts';
import {
  type Activity,
  type ActivityStatus,
  type ActivityType,
  completedAtAfter,
} from '../../domain/work.ts';
import { fromBool } from '../columns.ts';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { ActivitiesTable, Database } from '../schema.ts';
import { deleteById, updatePinned, updateVersioned } from '../versioned.ts';
import { findItemPlacement, findStagePipelineId, type ItemPlacement } from './tasks-repository.ts';

export interface NewActivity {
  readonly itemId?: string | null;
  readonly type: ActivityType;
  readonly subject: string;
  readonly description?: string | null;
  readonly dueAt?: Date | null;
  readonly responsibleId?: string | null;
  /** Default: `planned`. */
  readonly status?: ActivityStatus;
  /** Default: true. */
  readonly autoComplete?: boolean;
  /** The caller chooses it; the API defaults it to the item's current stage. */
  readonly stageId?: string | null;
  readonly createdByRobotId?: string | null;
  readonly createdByUserId?: string | null;
}

/** The robot or person that planned an activity stays its creator. */
export type ActivityChanges = Partial<Omit<NewActivity, 'createdByRobotId' | 'createdByUserId'>>;

export interface ActivityFilter {
  readonly itemId?: string | undefined;
  readonly responsibleId?: string | undefined;
  readonly status?: ActivityStatus | undefined;
  readonly type?: ActivityType | undefined;
}

export function toActivity(row: Selectable<ActivitiesTable>): Activity {
  return {
    id: row.id,
    itemId: row.itemId,
    type: row.type as ActivityType,
    subject: row.subject,
    description: row.description,
    dueAt: row.dueAt,
    responsibleId: row.responsibleId,
    status: row.status as ActivityStatus,
    autoComplete: fromBool(row.autoComplete),
    stageId: row.stageId,
    createdByRobotId: row.createdByRobotId,
    createdByUserId: row.createdByUserId,
    completedAt: row.completedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

export class ActivitiesRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;

  constructor(db: Kysely<Database>, ids: IdGenerator) {
    this.#db = db;
    this.#ids = ids;
  }

  async create(input: NewActivity, now: Date): Promise<Activity> {
    const id = this.#ids();
    const at = now.toISOString();
    const status = input.status ?? 'planned';
    await this.#db
      .insertInto('activities')
      .values({
        id,
        itemId: input.itemId ?? null,
        type: input.type,
        subject: input.subject,
        description: input.description ?? null,
        dueAt: input.dueAt?.toISOString() ?? null,
        responsibleId: input.responsibleId ?? null,
        status,
        autoComplete: input.autoComplete ?? true,
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

  async find(id: string): Promise<Activity | undefined> {
    const row = await this.#db.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toActivity(row);
  }

  async getOrThrow(id: string): Promise<Activity> {
    const activity = await this.find(id);
    if (activity === undefined) throw notFound('activity', id);
    return activity;
  }

  async list(filter: ActivityFilter, page: PageRequest): Promise<Page<Activity>> {
    const limit = pageSize(page);
    let query = this.#db
      .selectFrom('activities')
      .selectAll()
      .orderBy('id')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '>', decodeCursor(page.cursor));
    if (filter.itemId !== undefined) query = query.where('itemId', '=', filter.itemId);
    if (filter.responsibleId !== undefined) query = query.where('responsibleId', '=', filter.responsibleId);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.type !== undefined) query = query.where('type', '=', filter.type);
    return toPage(await query.execute(), limit, toActivity);
  }

  /**
   * A status change decides `completedAt` from the row it replaces, so the write is pinned to the
   * version that was read; without a version from the caller, losing that race is retried.
   */
  async update(
    id: string,
    changes: ActivityChanges,
    expectedVersion: number | undefined,
    now: Date,
  ): Promise<Activity> {
    await updatePinned(
      () => this.getOrThrow(id),
      (current, version) => this.#write(current, changes, version, now),
      expectedVersion,
    );
    return this.getOrThrow(id);
  }

  #write(current: Activity, changes: ActivityChanges, version: number, now: Date): Promise<void> {
    return updateVersioned(this.#db, 'activities', 'activity', current.id, version, {
      ...(changes.itemId !== undefined && { itemId: changes.itemId }),
      ...(changes.type !== undefined && { type: changes.type }),
      ...(changes.subject !== undefined && { subject: changes.subject }),
      ...(changes.description !== undefined && { description: changes.description }),
      ...(changes.dueAt !== undefined && { dueAt: changes.dueAt?.toISOString() ?? null }),
      ...(changes.responsibleId !== undefined && { responsibleId: changes.responsibleId }),
      ...(changes.autoComplete !== undefined && { autoComplete: changes.autoComplete }),
      ...(changes.stageId !== undefined && { stageId: changes.stageId }),
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
   * The item left `stageId`: its planned activities of that stage that complete themselves are
   * completed now. Returns their ids, in id order. Called inside the move's transaction, so the
   * completion commits with the move or not at all.
   */
  async completeOnStageLeave(itemId: string, stageId: string, now: Date): Promise<string[]> {
    const at = now.toISOString();
    const rows = await this.#db
      .updateTable('activities')
      .set({ status: 'completed', completedAt: at, updatedAt: at })
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('itemId', '=', itemId)
      .where('stageId', '=', stageId)
      .where('status', '=', 'planned')
      .where('autoComplete', '=', true)
      .returning('id')
      .execute();
    return rows.map((row) => row.id).sort();
  }

  findItemPlacement(itemId: string): Promise<ItemPlacement | undefined> {
    return findItemPlacement(this.#db, itemId);
  }

  findStagePipelineId(stageId: string): Promise<string | undefined> {
    return findStagePipelineId(this.#db, stageId);
  }

  delete(id: string): Promise<void> {
    return deleteById(this.#db, 'activities', 'activity', id);
  }
}
