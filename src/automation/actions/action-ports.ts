import type { Approval } from '../../domain/approval.ts';
import type { Contact } from '../../domain/contact.ts';
import type { DocumentTemplate } from '../../domain/documents/document-template.ts';
import type { IncomingEvent } from '../../domain/events/event.ts';
import type { Document, Item, NewTimelineEntry, TimelineEntry } from '../../domain/item.ts';
import type { ItemFile } from '../../domain/item-file.ts';
import type {
  NotificationKind,
  NotificationPreferences,
  PlannedEmail,
} from '../../domain/notification-preferences.ts';
import type { User } from '../../domain/user.ts';
import type { Activity, Notification, Task } from '../../domain/work.ts';
import type { NewApproval } from '../approval-ports.ts';
import type { DocumentRendering } from '../record-ports.ts';

/**
 * All that actions may touch in storage, on the run's transaction (or, for actions with outside
 * effects, without one): the engine's other ports (runs, rules, the journal, event intake) stay
 * out of their reach. The store's repositories satisfy these shapes: `tasks` is the
 * TasksRepository, `activities` the ActivitiesRepository, `notifications` the
 * NotificationsRepository and `itemWrites` the ItemsRepository.
 */
export interface ActionPorts {
  /** Files uploaded to items, with their bytes (send_email attaches them). */
  readonly itemFiles: {
    findWithContent(id: string): Promise<(ItemFile & { content: Uint8Array }) | undefined>;
  };
  /** The item's documents and what they were rendered to (send_email attaches them as PDF). */
  readonly documents: {
    find(id: string): Promise<Document | undefined>;
    latestOfKind(itemId: string, kind: string): Promise<Document | undefined>;
    rendering(id: string): Promise<DocumentRendering | undefined>;
  };
  /** Stored templates: a document made before templates is rendered with its kind's default. */
  readonly documentTemplates: {
    find(id: string): Promise<DocumentTemplate | undefined>;
    defaultOf(kind: string): Promise<DocumentTemplate | undefined>;
  };
  readonly users: { find(id: string): Promise<User | undefined> };
  readonly contacts: { find(id: string): Promise<Contact | undefined> };
  readonly timeline: { add(entry: NewTimelineEntry, now: Date): Promise<TimelineEntry> };
  /** Records what an outside action did (email.sent); false when the event is stored already. */
  readonly events: { insert(event: IncomingEvent, now: Date): Promise<boolean> };
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
  };
  readonly notifications: NotificationsPort;
  /** Approvals asked by request_approval; once per run. */
  readonly approvals: { create(input: NewApproval, now: Date): Promise<Approval> };
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

/** Notifications and the preferences that decide their email (the NotificationsRepository). */
export interface NotificationsPort {
  /** The user's preferences; the defaults when they never chose. */
  preferencesOf(userId: string): Promise<NotificationPreferences>;
  /** Creates the notification and queues `email` with it, in the caller's transaction. */
  create(input: NewNotificationInput, now: Date): Promise<Notification>;
}

export interface NewNotificationInput {
  readonly userId: string;
  readonly title: string;
  readonly body: string;
  readonly itemId?: string | null;
  readonly kind?: NotificationKind | undefined;
  readonly link?: string | null | undefined;
  readonly email?: PlannedEmail | undefined;
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
  /** The person the task or activity is created by: the signed-in user, or the one a robot acts as. */
  readonly createdByUserId?: string | null;
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
  /** The person the task or activity is created by: the signed-in user, or the one a robot acts as. */
  readonly createdByUserId?: string | null;
}

export interface ItemChangesInput {
  readonly title?: string | undefined;
  readonly amountMinor?: number | undefined;
  readonly contactId?: string | null | undefined;
  readonly responsibleId?: string | null | undefined;
  readonly fields?: Readonly<Record<string, unknown>> | undefined;
}
