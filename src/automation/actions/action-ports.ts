import type { Item } from '../../domain/item.ts';
import type { Activity, Notification, Task } from '../../domain/work.ts';

/**
 * What actions that stay inside the CRM need from storage, on the run's transaction. The store's
 * repositories satisfy these shapes: `tasks` is the TasksRepository, `activities` the
 * ActivitiesRepository, `notifications` the NotificationsRepository and `itemWrites` the
 * ItemsRepository. Users and the timeline come from the rest of EngineTx.
 */
export interface ActionPorts {
  readonly tasks: {
    create(input: NewTaskInput, now: Date): Promise<Task>;
    /**
     * Completes the open (not completed, not cancelled) tasks that robots created for the item,
     * only those of `scope.stageId` or of the stages of `scope.pipelineId` when given. Tasks
     * people created are never touched. Returns the ids completed, in id order.
     */
    completeCreatedByRobots(itemId: string, scope: RobotTaskScope, now: Date): Promise<string[]>;
  };
  readonly activities: {
    create(input: NewActivityInput, now: Date): Promise<Activity>;
    completeOnStageLeave(itemId: string, stageId: string, now: Date): Promise<string[]>;
  };
  readonly notifications: {
    create(
      input: { userId: string; title: string; body: string; itemId?: string | null },
      now: Date,
    ): Promise<Notification>;
  };
  readonly itemWrites: {
    update(
      id: string,
      changes: ItemChangesInput,
      expectedVersion: number | undefined,
      now: Date,
    ): Promise<Item>;
    /**
     * For each of `userIds`, how many items of the pipeline in an open (not final) stage they are
     * responsible for, leaving out `excludeItemId`; a user with none counts 0.
     */
    openItemCounts(
      pipelineId: string,
      userIds: readonly string[],
      excludeItemId?: string,
    ): Promise<ReadonlyMap<string, number>>;
  };
}

export interface RobotTaskScope {
  readonly stageId?: string | undefined;
  readonly pipelineId?: string | undefined;
}

export interface NewTaskInput {
  readonly itemId?: string | null;
  readonly title: string;
  readonly description?: string | null;
  readonly responsibleId?: string | null;
  readonly observerIds?: readonly string[];
  readonly deadline?: Date | null;
  readonly stageId?: string | null;
  readonly createdByRobotId?: string | null;
}

export interface NewActivityInput {
  readonly itemId?: string | null;
  readonly type: 'call' | 'meeting' | 'email' | 'todo';
  readonly subject: string;
  readonly description?: string | null;
  readonly dueAt?: Date | null;
  readonly responsibleId?: string | null;
  readonly autoComplete?: boolean;
  readonly stageId?: string | null;
  readonly createdByRobotId?: string | null;
}

export interface ItemChangesInput {
  readonly title?: string | undefined;
  readonly amountMinor?: number | undefined;
  readonly contactId?: string | null | undefined;
  readonly responsibleId?: string | null | undefined;
  readonly fields?: Readonly<Record<string, unknown>> | undefined;
}
