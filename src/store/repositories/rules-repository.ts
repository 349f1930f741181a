import type { Kysely } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import { notFound } from '../../domain/errors.ts';
import { SORT_STEP } from '../../domain/pipeline.ts';
import { DEFAULT_RETRY, type Guard, type Robot, type Trigger } from '../../domain/rules.ts';
import { toJson } from '../columns.ts';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { Database } from '../schema.ts';
import { updateVersioned } from '../versioned.ts';
import {
  DEFAULT_TIMING,
  type GuardChanges,
  type GuardFilter,
  type NewGuard,
  type NewRobot,
  type NewTrigger,
  type RobotChanges,
  type RobotFilter,
  type TriggerChanges,
  type TriggerFilter,
  toGuard,
  toNullableJson,
  toRobot,
  toStoredActAs,
  toTrigger,
} from './rule-rows.ts';

export type {
  GuardChanges,
  GuardFilter,
  NewGuard,
  NewRobot,
  NewTrigger,
  RobotChanges,
  RobotFilter,
  TriggerChanges,
  TriggerFilter,
} from './rule-rows.ts';

type RuleTable = 'triggers' | 'robots' | 'guards';
type FilterColumn = 'pipelineId' | 'stageId' | 'enabled' | 'eventType' | 'actionType';

/**
 * Triggers, robots and guards: their CRUD for the API and the lookups the engine makes (the
 * RulesPort of automation/ports.ts). The engine's lookups read only enabled rules and go through
 * the indexes of migration 0002, so their cost does not grow with rules of other pipelines or
 * stages.
 */
export class RulesRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;

  constructor(db: Kysely<Database>, ids: IdGenerator) {
    this.#db = db;
    this.#ids = ids;
  }

  // The engine's lookups.

  /** The enabled triggers of one pipeline for one event type (index triggers_match). */
  async triggersFor(pipelineId: string, eventType: string): Promise<Trigger[]> {
    const rows = await this.#db
      .selectFrom('triggers')
      .selectAll()
      .where('pipelineId', '=', pipelineId)
      .where('eventType', '=', eventType)
      .where('enabled', '=', true)
      .orderBy('id')
      .execute();
    return rows.map(toTrigger);
  }

  /** The enabled guards of a stage; a disabled guard refuses nothing. */
  async guardsOf(stageId: string): Promise<Guard[]> {
    const rows = await this.#db
      .selectFrom('guards')
      .selectAll()
      .where('stageId', '=', stageId)
      .where('enabled', '=', true)
      .orderBy('id')
      .execute();
    return rows.map(toGuard);
  }

  /** The enabled robots of a stage, by sort (ties by age). */
  async robotsOf(stageId: string): Promise<Robot[]> {
    const rows = await this.#db
      .selectFrom('robots')
      .selectAll()
      .where('stageId', '=', stageId)
      .where('enabled', '=', true)
      .orderBy('sort')
      .orderBy('id')
      .execute();
    return rows.map(toRobot);
  }

  async findRobot(id: string): Promise<Robot | undefined> {
    const row = await this.#db.selectFrom('robots').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toRobot(row);
  }

  /** Every rule of a pipeline, enabled or not: triggers and guards by id, robots by stage order. */
  async rulesOfPipeline(
    pipelineId: string,
  ): Promise<{ triggers: Trigger[]; robots: Robot[]; guards: Guard[] }> {
    const triggers = await this.#db
      .selectFrom('triggers')
      .selectAll()
      .where('pipelineId', '=', pipelineId)
      .orderBy('id')
      .execute();
    const robots = await this.#db
      .selectFrom('robots')
      .selectAll()
      .where('pipelineId', '=', pipelineId)
      .orderBy('sort')
      .orderBy('id')
      .execute();
    const guards = await this.#db
      .selectFrom('guards')
      .selectAll()
      .where('pipelineId', '=', pipelineId)
      .orderBy('id')
      .execute();
    return { triggers: triggers.map(toTrigger), robots: robots.map(toRobot), guards: guards.map(toGuard) };
  }

  // Triggers.

  async createTrigger(input: NewTrigger, now: Date): Promise<Trigger> {
    const id = input.id ?? this.#ids();
    const at = now.toISOString();
    await this.#db
      .insertInto('triggers')
      .values({
        id,
        name: input.name,
        pipelineId: input.pipelineId,
        stageId: input.stageId,
        eventType: input.eventType,
        filter: toNullableJson(input.filter),
        condition: toNullableJson(input.condition),
        allowBackward: input.allowBackward ?? false,
        actAs: toStoredActAs(input.actAs),
        enabled: input.enabled ?? true,
        createdAt: at,
        updatedAt: at,
        version: 1,
      })
      .execute();
    return this.getTriggerOrThrow(id);
  }

  async findTrigger(id: string): Promise<Trigger | undefined> {
    const row = await this.#db.selectFrom('triggers').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toTrigger(row);
  }

  async getTriggerOrThrow(id: string): Promise<Trigger> {
    const trigger = await this.findTrigger(id);
    if (trigger === undefined) throw notFound('trigger', id);
    return trigger;
  }

  listTriggers(filter: TriggerFilter, page: PageRequest): Promise<Page<Trigger>> {
    return this.#list('triggers', page, toTrigger, [
      ['pipelineId', filter.pipelineId],
      ['stageId', filter.stageId],
      ['eventType', filter.eventType],
      ['enabled', filter.enabled],
    ]);
  }

  async updateTrigger(
    id: string,
    changes: TriggerChanges,
    expectedVersion: number | undefined,
    now: Date,
  ): Promise<Trigger> {
    await updateVersioned(this.#db, 'triggers', 'trigger', id, expectedVersion, {
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.pipelineId !== undefined && { pipelineId: changes.pipelineId }),
      ...(changes.stageId !== undefined && { stageId: changes.stageId }),
      ...(changes.eventType !== undefined && { eventType: changes.eventType }),
      ...(changes.filter !== undefined && { filter: toNullableJson(changes.filter) }),
      ...(changes.condition !== undefined && { condition: toNullableJson(changes.condition) }),
      ...(changes.allowBackward !== undefined && { allowBackward: changes.allowBackward }),
      ...(changes.actAs !== undefined && { actAs: toStoredActAs(changes.actAs) }),
      ...(changes.enabled !== undefined && { enabled: changes.enabled }),
      updatedAt: now.toISOString(),
    });
    return this.getTriggerOrThrow(id);
  }

  deleteTrigger(id: string): Promise<void> {
    return this.#delete('triggers', 'trigger', id);
  }

  // Robots.

  async createRobot(input: NewRobot, now: Date): Promise<Robot> {
    const id = input.id ?? this.#ids();
    const at = now.toISOString();
    await this.#db
      .insertInto('robots')
      .values({
        id,
        name: input.name,
        pipelineId: input.pipelineId,
        stageId: input.stageId,
        actionType: input.action.type,
        params: toJson(input.action.params),
        timing: toJson(input.timing ?? DEFAULT_TIMING),
        condition: toNullableJson(input.condition),
        afterPrevious: input.afterPrevious ?? false,
        repeat: input.repeat ?? 'every-entry',
        retry: toJson(input.retry ?? DEFAULT_RETRY),
        sort: input.sort ?? (await this.#nextRobotSort(input.stageId)),
        actAs: toStoredActAs(input.actAs),
        enabled: input.enabled ?? true,
        createdAt: at,
        updatedAt: at,
        version: 1,
      })
      .execute();
    return this.getRobotOrThrow(id);
  }

  async getRobotOrThrow(id: string): Promise<Robot> {
    const robot = await this.findRobot(id);
    if (robot === undefined) throw notFound('robot', id);
    return robot;
  }

  listRobots(filter: RobotFilter, page: PageRequest): Promise<Page<Robot>> {
    return this.#list('robots', page, toRobot, [
      ['pipelineId', filter.pipelineId],
      ['stageId', filter.stageId],
      ['enabled', filter.enabled],
      ['actionType', filter.actionType],
    ]);
  }

  /** A robot moved to another stage without a sort goes after that stage's last robot. */
  async updateRobot(
    id: string,
    changes: RobotChanges,
    expectedVersion: number | undefined,
    now: Date,
  ): Promise<Robot> {
    const current = await this.getRobotOrThrow(id);
    const movedStage = changes.stageId !== undefined && changes.stageId !== current.stageId;
    const sort =
      changes.sort ??
      (movedStage && changes.stageId !== undefined ? await this.#nextRobotSort(changes.stageId) : undefined);
    await updateVersioned(this.#db, 'robots', 'robot', id, expectedVersion, {
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.pipelineId !== undefined && { pipelineId: changes.pipelineId }),
      ...(changes.stageId !== undefined && { stageId: changes.stageId }),
      ...(changes.action !== undefined && {
        actionType: changes.action.type,
        params: toJson(changes.action.params),
      }),
      ...(changes.timing !== undefined && { timing: toJson(changes.timing) }),
      ...(changes.condition !== undefined && { condition: toNullableJson(changes.condition) }),
      ...(changes.afterPrevious !== undefined && { afterPrevious: changes.afterPrevious }),
      ...(changes.repeat !== undefined && { repeat: changes.repeat }),
      ...(changes.retry !== undefined && { retry: toJson(changes.retry) }),
      ...(sort !== undefined && { sort }),
      ...(changes.actAs !== undefined && { actAs: toStoredActAs(changes.actAs) }),
      ...(changes.enabled !== undefined && { enabled: changes.enabled }),
      updatedAt: now.toISOString(),
    });
    return this.getRobotOrThrow(id);
  }

  deleteRobot(id: string): Promise<void> {
    return this.#delete('robots', 'robot', id);
  }

  // Guards.

  async createGuard(input: NewGuard, now: Date): Promise<Guard> {
    const id = input.id ?? this.#ids();
    const at = now.toISOString();
    await this.#db
      .insertInto('guards')
      .values({
        id,
        name: input.name,
        pipelineId: input.pipelineId,
        stageId: input.stageId,
        condition: toJson(input.condition),
        message: input.message,
        enabled: input.enabled ?? true,
        createdAt: at,
        updatedAt: at,
        version: 1,
      })
      .execute();
    return this.getGuardOrThrow(id);
  }

  async findGuard(id: string): Promise<Guard | undefined> {
    const row = await this.#db.selectFrom('guards').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toGuard(row);
  }

  async getGuardOrThrow(id: string): Promise<Guard> {
    const guard = await this.findGuard(id);
    if (guard === undefined) throw notFound('guard', id);
    return guard;
  }

  listGuards(filter: GuardFilter, page: PageRequest): Promise<Page<Guard>> {
    return this.#list('guards', page, toGuard, [
      ['pipelineId', filter.pipelineId],
      ['stageId', filter.stageId],
      ['enabled', filter.enabled],
    ]);
  }

  async updateGuard(
    id: string,
    changes: GuardChanges,
    expectedVersion: number | undefined,
    now: Date,
  ): Promise<Guard> {
    await updateVersioned(this.#db, 'guards', 'guard', id, expectedVersion, {
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.pipelineId !== undefined && { pipelineId: changes.pipelineId }),
      ...(changes.stageId !== undefined && { stageId: changes.stageId }),
      ...(changes.condition !== undefined && { condition: toJson(changes.condition) }),
      ...(changes.message !== undefined && { message: changes.message }),
      ...(changes.enabled !== undefined && { enabled: changes.enabled }),
      updatedAt: now.toISOString(),
    });
    return this.getGuardOrThrow(id);
  }

  deleteGuard(id: string): Promise<void> {
    return this.#delete('guards', 'guard', id);
  }

  async #nextRobotSort(stageId: string): Promise<number> {
    const row = await this.#db
      .selectFrom('robots')
      .select((eb) => eb.fn.max('sort').as('last'))
      .where('stageId', '=', stageId)
      .executeTakeFirst();
    const last = row?.last;
    return last === null || last === undefined ? SORT_STEP : Number(last) + SORT_STEP;
  }

  /** One page of a rule table, oldest first, with an equality test per filter that is set. */
  async #list<Row extends { id: string }, T>(
    table: RuleTable,
    page: PageRequest,
    map: (row: Row) => T,
    filters: readonly (readonly [column: FilterColumn, value: string | boolean | undefined])[],
  ): Promise<Page<T>> {
    const limit = pageSize(page);
    // Kysely cannot follow a table chosen at run time; the three tables share these columns.
    let query = this.#db
      .selectFrom(table as 'robots')
      .selectAll()
      .orderBy('id')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '>', decodeCursor(page.cursor));
    for (const [column, value] of filters) {
      if (value !== undefined) query = query.where(column as 'stageId', '=', value as string);
    }
    return toPage((await query.execute()) as unknown as Row[], limit, map);
  }

  async #delete(table: RuleTable, resource: 'trigger' | 'robot' | 'guard', id: string): Promise<void> {
    const result = await this.#db
      .deleteFrom(table as 'triggers')
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) !== 1) throw notFound(resource, id);
  }
}
