import { AppError, invalid, notFound } from '../domain/errors.ts';
import type { Author, Item, NewTimelineEntry, TimelineEntry } from '../domain/item.ts';
import type { Stage } from '../domain/pipeline.ts';

/** What a move needs from storage; the store implements it (see `store/transitions-store.ts`). */
export interface MoveItemPorts {
  findItem(id: string): Promise<Item | undefined>;
  findStage(id: string): Promise<Stage | undefined>;
  /**
   * Puts the item in `toStageId` if it is still at `expectedVersion` (else a `stale_version`
   * conflict), bumping its version and `stageEnteredAt`.
   */
  saveMove(move: SavedMove): Promise<Item>;
  addTimelineEntry(entry: NewTimelineEntry, at: Date): Promise<TimelineEntry>;
  /** Runs `work` in one transaction, with ports that write inside it. */
  transaction<T>(work: (ports: MoveItemPorts) => Promise<T>): Promise<T>;
}

export interface SavedMove {
  readonly itemId: string;
  readonly toStageId: string;
  readonly expectedVersion: number;
  readonly at: Date;
}

export interface MoveItemCommand {
  readonly itemId: string;
  readonly toStageId: string;
  /** The version the caller saw; when given, a newer item refuses the move as stale. */
  readonly expectedVersion?: number | undefined;
  readonly author: Author;
  readonly rootEventId?: string | null;
  readonly at: Date;
}

export interface MoveItemResult {
  readonly item: Item;
  readonly moved: boolean;
  readonly fromStageId: string;
  readonly toStageId: string;
}

/** The field a bad target stage is reported on, as the HTTP move request names it. */
export const TARGET_STAGE_FIELD = '/body/stageId';

/** Unversioned moves that lose a race are retried this many times before the conflict surfaces. */
const UNVERSIONED_ATTEMPTS = 3;

/**
 * The one code path of every stage change (manual, trigger, robot): the stage update and its
 * timeline entry commit together or not at all. Moving an item to the stage it is in changes
 * nothing.
 */
export async function moveItem(ports: MoveItemPorts, command: MoveItemCommand): Promise<MoveItemResult> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ports.transaction((tx) => moveOnce(tx, command));
    } catch (error) {
      // Without a version from the caller, a concurrent change between our read and our write
      // is not the caller's conflict: read again and move from the stage the item is really in.
      const retry =
        command.expectedVersion === undefined &&
        attempt < UNVERSIONED_ATTEMPTS &&
        error instanceof AppError &&
        error.code === 'stale_version';
      if (!retry) throw error;
    }
  }
}

async function moveOnce(ports: MoveItemPorts, command: MoveItemCommand): Promise<MoveItemResult> {
  const item = await ports.findItem(command.itemId);
  if (item === undefined) throw notFound('item', command.itemId);
  const target = await ports.findStage(command.toStageId);
  if (target === undefined) {
    throw invalid(TARGET_STAGE_FIELD, `stage ${command.toStageId} does not exist`, 'unknown_stage');
  }
  if (target.pipelineId !== item.pipelineId) {
    throw invalid(
      TARGET_STAGE_FIELD,
      `stage ${target.id} belongs to another pipeline than the item's (${item.pipelineId})`,
      'stage_of_another_pipeline',
    );
  }
  const fromStageId = item.stageId;
  if (target.id === fromStageId) return { item, moved: false, fromStageId, toStageId: target.id };

  const source = await ports.findStage(fromStageId);
  // Reading the item and saving the move are two statements; saving at the version we read makes
  // sure the timeline's "from" is the stage the item really left.
  const moved = await ports.saveMove({
    itemId: item.id,
    toStageId: target.id,
    expectedVersion: command.expectedVersion ?? item.version,
    at: command.at,
  });
  await ports.addTimelineEntry(
    {
      itemId: item.id,
      kind: 'stage_changed',
      text: `Moved from "${source?.name ?? fromStageId}" to "${target.name}"`,
      data: { fromStageId, toStageId: target.id },
      author: command.author,
      rootEventId: command.rootEventId ?? null,
    },
    command.at,
  );
  return { item: moved, moved: true, fromStageId, toStageId: target.id };
}
