import type { Kysely, Selectable } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import { conflict, notFound } from '../../domain/errors.ts';
import { type Pipeline, SORT_STEP, type Stage } from '../../domain/pipeline.ts';
import { fromJson, toJson } from '../columns.ts';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { Database, PipelinesTable } from '../schema.ts';
import { inOwnTransaction } from '../transaction.ts';
import { deleteById, updateVersioned } from '../versioned.ts';
import {
  changeStage,
  checkNewStages,
  countItems,
  insertStages,
  loadStages,
  type NewStage,
  placeStage,
  reinsertStage,
  removeStage,
  reorderStages,
  type StageChanges,
  type StagePlacement,
  toStage,
} from './pipeline-stages.ts';

export { MAX_STAGES, type NewStage, type StageChanges, type StagePlacement } from './pipeline-stages.ts';

export interface NewPipeline {
  readonly name: string;
  readonly entityType: string;
  readonly settings?: Readonly<Record<string, unknown>> | undefined;
  /** In board order; each gets sort = (index + 1) × SORT_STEP. */
  readonly stages: readonly NewStage[];
}

export interface PipelineChanges {
  readonly name?: string | undefined;
  readonly settings?: Readonly<Record<string, unknown>> | undefined;
}

export interface PipelineFilter {
  readonly entityType?: string | undefined;
}

export function toPipeline(row: Selectable<PipelinesTable>, stages: Stage[]): Pipeline {
  return {
    id: row.id,
    name: row.name,
    entityType: row.entityType,
    settings: fromJson<Record<string, unknown>>(row.settings, {}),
    stages,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

export class PipelinesRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;

  constructor(db: Kysely<Database>, ids: IdGenerator) {
    this.#db = db;
    this.#ids = ids;
  }

  async create(input: NewPipeline, now: Date): Promise<Pipeline> {
    checkNewStages(input.stages);
    const id = this.#ids();
    const at = now.toISOString();
    const stages = input.stages.map((stage, index) => ({
      ...stage,
      id: this.#ids(),
      sort: (index + 1) * SORT_STEP,
    }));
    await inOwnTransaction(this.#db, async (trx) => {
      await trx
        .insertInto('pipelines')
        .values({
          id,
          name: input.name,
          entityType: input.entityType,
          settings: toJson(input.settings ?? {}),
          createdAt: at,
          updatedAt: at,
          version: 1,
        })
        .execute();
      await insertStages(trx, id, stages, at);
    });
    return this.getOrThrow(id);
  }

  async find(id: string): Promise<Pipeline | undefined> {
    const row = await this.#db.selectFrom('pipelines').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toPipeline(row, await loadStages(this.#db, id));
  }

  async getOrThrow(id: string): Promise<Pipeline> {
    const pipeline = await this.find(id);
    if (pipeline === undefined) throw notFound('pipeline', id);
    return pipeline;
  }

  async list(filter: PipelineFilter, page: PageRequest): Promise<Page<Pipeline>> {
    const limit = pageSize(page);
    let query = this.#db
      .selectFrom('pipelines')
      .selectAll()
      .orderBy('id')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '>', decodeCursor(page.cursor));
    if (filter.entityType !== undefined) query = query.where('entityType', '=', filter.entityType);
    const rows = await query.execute();
    const stagesOf = new Map<string, Stage[]>(rows.map((row) => [row.id, []]));
    if (rows.length > 0) {
      const stageRows = await this.#db
        .selectFrom('stages')
        .selectAll()
        .where('pipelineId', 'in', [...stagesOf.keys()])
        .orderBy('sort')
        .orderBy('id')
        .execute();
      for (const row of stageRows) stagesOf.get(row.pipelineId)?.push(toStage(row));
    }
    return toPage(rows, limit, (row) => toPipeline(row, stagesOf.get(row.id) ?? []));
  }

  async update(
    id: string,
    changes: PipelineChanges,
    expectedVersion: number | undefined,
    now: Date,
  ): Promise<Pipeline> {
    await updateVersioned(this.#db, 'pipelines', 'pipeline', id, expectedVersion, {
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.settings !== undefined && { settings: toJson(changes.settings) }),
      updatedAt: now.toISOString(),
    });
    return this.getOrThrow(id);
  }

  /**
   * Refused while items are in the pipeline; its stages go with it. An item added between the
   * count and the delete makes the delete fail on the items' foreign key, so none is orphaned.
   */
  async delete(id: string): Promise<void> {
    await inOwnTransaction(this.#db, async (trx) => {
      const items = await countItems(trx, 'pipelineId', id);
      if (items > 0) {
        throw conflict(
          'pipeline_in_use',
          `Pipeline ${id} still has ${items} item(s); move or delete them first`,
          {
            pipelineId: id,
            items,
          },
        );
      }
      await deleteById(trx, 'pipelines', 'pipeline', id);
    });
  }

  async findStage(stageId: string): Promise<Stage | undefined> {
    const row = await this.#db.selectFrom('stages').selectAll().where('id', '=', stageId).executeTakeFirst();
    return row === undefined ? undefined : toStage(row);
  }

  /** The stages of a pipeline in board order. */
  listStages(pipelineId: string): Promise<Stage[]> {
    return loadStages(this.#db, pipelineId);
  }

  /** Inserts after `afterStageId` (null: first; default: last). */
  async addStage(
    pipelineId: string,
    input: StagePlacement,
    expectedVersion: number | undefined,
    now: Date,
  ): Promise<Stage> {
    const id = this.#ids();
    await this.#changeStages(pipelineId, expectedVersion, now, (trx, stages) =>
      placeStage(trx, pipelineId, stages, { ...input, id }, now.toISOString()),
    );
    return this.#stageOrThrow(id);
  }

  /** Brings a deleted stage back with its id and sort (restoring its history). */
  async reinsertStage(
    pipelineId: string,
    stage: NewStage & { readonly id: string; readonly sort: number },
    now: Date,
  ): Promise<Stage> {
    await this.#changeStages(pipelineId, undefined, now, (trx, stages) =>
      reinsertStage(trx, pipelineId, stages, stage, now.toISOString()),
    );
    return this.#stageOrThrow(stage.id);
  }

  async updateStage(
    pipelineId: string,
    stageId: string,
    changes: StageChanges,
    expectedVersion: number | undefined,
    now: Date,
  ): Promise<Stage> {
    await this.#changeStages(pipelineId, expectedVersion, now, (trx, stages) =>
      changeStage(trx, stages, stageId, changes, now.toISOString()),
    );
    return this.#stageOrThrow(stageId);
  }

  /** Refused while items are in the stage, and for the pipeline's last open stage. */
  deleteStage(
    pipelineId: string,
    stageId: string,
    expectedVersion: number | undefined,
    now: Date,
  ): Promise<void> {
    return this.#changeStages(pipelineId, expectedVersion, now, (trx, stages) =>
      removeStage(trx, stages, stageId),
    );
  }

  /** `stageIds` must list every stage of the pipeline once; sorts become (index + 1) × SORT_STEP. */
  async reorderStages(
    pipelineId: string,
    stageIds: readonly string[],
    expectedVersion: number | undefined,
    now: Date,
  ): Promise<Pipeline> {
    await this.#changeStages(pipelineId, expectedVersion, now, (trx, stages) =>
      reorderStages(trx, stages, stageIds, now.toISOString()),
    );
    return this.getOrThrow(pipelineId);
  }

  /**
   * Every stage change bumps the pipeline's version first: that refuses a stale writer and, on
   * PostgreSQL, locks the pipeline row before the stages are read and checked.
   */
  #changeStages(
    pipelineId: string,
    expectedVersion: number | undefined,
    now: Date,
    work: (trx: Kysely<Database>, stages: Stage[]) => Promise<void>,
  ): Promise<void> {
    return inOwnTransaction(this.#db, async (trx) => {
      await updateVersioned(trx, 'pipelines', 'pipeline', pipelineId, expectedVersion, {
        updatedAt: now.toISOString(),
      });
      await work(trx, await loadStages(trx, pipelineId));
    });
  }

  async #stageOrThrow(stageId: string): Promise<Stage> {
    const stage = await this.findStage(stageId);
    if (stage === undefined) throw notFound('stage', stageId);
    return stage;
  }
}
