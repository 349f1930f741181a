import type { Item } from '../domain/item.ts';
import type { Stage } from '../domain/pipeline.ts';
import type { Robot, Trigger } from '../domain/rules.ts';
import type { Run } from '../domain/run.ts';

/** The first items of a listing and whether more exist. */
export interface ItemsSlice {
  readonly items: readonly Item[];
  readonly truncated: boolean;
}

/** What a backfill reads besides the engine's ports: rules by id, a stage's items, an entry's runs. */
export interface BackfillPort {
  findTrigger(id: string): Promise<Trigger | undefined>;
  findRobot(id: string): Promise<Robot | undefined>;
  /** The stages of a pipeline, by sort. */
  stagesOf(pipelineId: string): Promise<Stage[]>;
  /** The first `limit` items now in the stage, by the time they entered it (ties by id). */
  itemsInStage(stageId: string, limit: number): Promise<ItemsSlice>;
  /** The first `limit` items of the pipeline that are not in `exceptStageId`, by stage entry. */
  itemsOfPipeline(pipelineId: string, exceptStageId: string, limit: number): Promise<ItemsSlice>;
  /** Every run of one stage entry (any status), oldest first. */
  runsOfEntry(itemId: string, stageEntryId: string): Promise<Run[]>;
}
