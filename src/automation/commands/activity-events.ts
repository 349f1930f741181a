import type { Activity } from '../../domain/work.ts';
import type { ChangeEvent } from './internal-events.ts';

/**
 * activity.completed when an activity of an item becomes completed: marked done, or recorded done
 * at once (a call logged after it happened). Activities completed by their item leaving the stage
 * (`autoComplete`) record none: nobody did them, the pipeline just moved on.
 */
export function activityEvents(before: Activity | undefined, after: Activity): ChangeEvent[] {
  if (after.itemId === null || after.status !== 'completed' || before?.status === 'completed') return [];
  return [
    {
      type: 'activity.completed',
      subject: { itemId: after.itemId },
      data: {
        activityId: after.id,
        type: after.type,
        subject: after.subject,
        dueAt: after.dueAt,
        responsibleId: after.responsibleId,
      },
    },
  ];
}
