import { notFound } from '../../domain/errors.ts';
import { type Author, personOf } from '../../domain/item.ts';
import type { Activity } from '../../domain/work.ts';
import type { EngineContext } from '../engine-context.ts';
import type { ActivityChanges, NewActivityRecord } from '../record-ports.ts';
import { activityEvents } from './activity-events.ts';
import { commitChange, writeChangeEvents } from './internal-events.ts';
import type { RecordUpdate } from './update-record.ts';
import { checkWorkReferences } from './work-references.ts';
import { replanAfterActivity } from './work-timing.ts';

/**
 * Plans an activity after checking every id it names. Without a stage named it belongs to its
 * item's current stage, which it completes itself on leaving (`autoComplete`). One recorded done
 * at once writes its activity.completed in the same transaction. Runs of its item timed against
 * the nearest activity start are planned again. A person as the author (the signed-in user) is kept
 * as the activity's creator; an API token leaves it without one.
 */
export function createActivity(
  context: EngineContext,
  input: NewActivityRecord,
  author: Author,
): Promise<Activity> {
  const createdByUserId = personOf(author);
  return commitChange(
    context,
    async (tx) => {
      const itemId = input.itemId ?? null;
      const placement = await checkWorkReferences(tx.users, tx.activities, { ...input, itemId });
      const stageId = input.stageId !== undefined ? input.stageId : (placement?.stageId ?? null);
      const created = await tx.activities.create({ ...input, stageId, createdByUserId }, context.clock.now());
      await writeChangeEvents(context, tx, activityEvents(undefined, created));
      await replanAfterActivity(context, tx, undefined, created);
      return created;
    },
    ['events', 'runs'],
  );
}

/**
 * A change to an activity: moved to another item without a stage named, it takes that item's
 * stage; activity.completed when it is marked done; runs timed against its start planned again.
 */
export const activityUpdate: RecordUpdate<Activity, ActivityChanges> = {
  resource: 'activity',
  read: (tx, id) => tx.activities.find(id),
  async write(tx, current, { id, changes, expectedVersion }, now) {
    const itemId = changes.itemId === undefined ? current.itemId : changes.itemId;
    const placement = await checkWorkReferences(tx.users, tx.activities, { ...changes, itemId });
    const stageId =
      changes.stageId !== undefined || itemId === current.itemId
        ? changes.stageId
        : (placement?.stageId ?? null);
    return tx.activities.update(
      id,
      { ...changes, ...(stageId !== undefined && { stageId }) },
      expectedVersion,
      now,
    );
  },
  events: activityEvents,
  followUp: replanAfterActivity,
};

/** Deletes an activity; runs of its item timed against the next activity start are planned again. */
export async function deleteActivity(context: EngineContext, id: string): Promise<void> {
  const replanned = await context.store.transaction(async (tx) => {
    const activity = await tx.activities.find(id);
    if (activity === undefined) throw notFound('activity', id);
    await tx.activities.delete(id);
    return replanAfterActivity(context, tx, activity, undefined);
  });
  if (replanned > 0) context.wake('runs');
}
