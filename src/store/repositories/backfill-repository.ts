import type { Kysely } from 'kysely';
import type { BackfillPort, ItemsSlice } from '../../automation/backfill-ports.ts';
import type { Stage } from '../../domain/pipeline.ts';
import type { Robot, Trigger } from '../../domain/rules.ts';
import type { Run } from '../../domain/run.ts';
import type { Database } from '../schema.ts';
import { toItem } from './items-repository.ts';
import { loadStages } from './pipeline-stages.ts';
import { toRobot, toTrigger } from './rule-rows.ts';
import { toRun } from './runs-repository.ts';

/** The reads of a backfill (automation/backfill-ports.ts), inside the caller's transaction. */
export class BackfillRepository implements BackfillPort {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async findTrigger(id: string): Promise<Trigger | undefined> {
    const row = await this.#db.selectFrom('triggers').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toTrigger(row);
  }

  async findRobot(id: string): Promise<Robot | undefined> {
    const row = await this.#db.selectFrom('robots').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toRobot(row);
  }

  stagesOf(pipelineId: string): Promise<Stage[]> {
    return loadStages(this.#db, pipelineId);
  }

  /** Index items_stage_entered (migration 0016). */
  async itemsInStage(stageId: string, limit: number): Promise<ItemsSlice> {
    const rows = await this.#db
      .selectFrom('items')
      .selectAll()
      .where('stageId', '=', stageId)
      .orderBy('stageEnteredAt')
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    return { items: rows.slice(0, limit).map(toItem), truncated: rows.length > limit };
  }

  async itemsOfPipeline(pipelineId: string, exceptStageId: string, limit: number): Promise<ItemsSlice> {
    const rows = await this.#db
      .selectFrom('items')
      .selectAll()
      .where('pipelineId', '=', pipelineId)
      .where('stageId', '!=', exceptStageId)
      .orderBy('stageEnteredAt')
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    return { items: rows.slice(0, limit).map(toItem), truncated: rows.length > limit };
  }

  async runsOfEntry(itemId: string, stageEntryId: string): Promise<Run[]> {
    const rows = await this.#db
      .selectFrom('runs')
      .selectAll()
      .where('itemId', '=', itemId)
      .where('stageEntryId', '=', stageEntryId)
      .orderBy('id')
      .execute();
    return rows.map(toRun);
  }
}
