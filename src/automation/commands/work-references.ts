import { invalid } from '../../domain/errors.ts';
import type { User } from '../../domain/user.ts';
import type { ItemPlacement, PlacementLookups } from '../record-ports.ts';

export interface WorkReferences {
  /** The item after the write (null: none). */
  readonly itemId: string | null;
  readonly responsibleId?: string | null | undefined;
  readonly observerIds?: readonly string[] | undefined;
  /** The stage being written; undefined when the write leaves it alone. */
  readonly stageId?: string | null | undefined;
}

/**
 * Checks every id a task or activity names before anything is written, each failure naming its
 * field. Returns where the item is, so the caller can default the stage from it.
 */
export async function checkWorkReferences(
  users: { find(id: string): Promise<User | undefined> },
  lookups: PlacementLookups,
  refs: WorkReferences,
): Promise<ItemPlacement | undefined> {
  const placement = refs.itemId === null ? undefined : await lookups.findItemPlacement(refs.itemId);
  if (refs.itemId !== null && placement === undefined) {
    throw invalid('/body/itemId', `item ${refs.itemId} does not exist`);
  }
  if (refs.responsibleId != null && (await users.find(refs.responsibleId)) === undefined) {
    throw invalid('/body/responsibleId', `user ${refs.responsibleId} does not exist`);
  }
  for (const [index, userId] of (refs.observerIds ?? []).entries()) {
    if ((await users.find(userId)) === undefined) {
      throw invalid(`/body/observerIds/${index}`, `user ${userId} does not exist`);
    }
  }
  if (refs.stageId != null) {
    const pipelineId = await lookups.findStagePipelineId(refs.stageId);
    if (pipelineId === undefined) throw invalid('/body/stageId', `stage ${refs.stageId} does not exist`);
    if (placement !== undefined && placement.pipelineId !== pipelineId) {
      throw invalid('/body/stageId', `stage ${refs.stageId} is not in the pipeline of item ${refs.itemId}`);
    }
  }
  return placement;
}
