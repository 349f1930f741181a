import type { Document, DocumentStatus } from '../domain/item.ts';
import type { Task, TaskStatus } from '../domain/work.ts';
import type { ItemChangesInput, NewTaskInput } from './actions/action-ports.ts';

/**
 * What the commands that change records (an item's fields, a task, a document, a form's
 * submission) need from storage beyond the engine's own ports. The store's repositories satisfy
 * these shapes structurally.
 */

/** A change to one record, made against the version its author read. */
export interface RecordChange<C> {
  readonly id: string;
  readonly changes: C;
  /** The version the change was made against; undefined: whatever is stored. */
  readonly expectedVersion?: number | undefined;
}

/** Changes to an item's own values; its stage changes only through a move. */
export interface ItemChanges extends ItemChangesInput {
  readonly currency?: string | undefined;
}

/** Where an item is: what a task or activity checks its stage against. */
export interface ItemPlacement {
  readonly pipelineId: string;
  readonly stageId: string;
}

export interface PlacementLookups {
  findItemPlacement(itemId: string): Promise<ItemPlacement | undefined>;
  findStagePipelineId(stageId: string): Promise<string | undefined>;
}

/** A robot that created a task stays its creator. */
export type TaskChanges = Partial<Omit<NewTaskInput, 'createdByRobotId'>> & {
  readonly status?: TaskStatus | undefined;
};

export interface TaskRecordsPort extends PlacementLookups {
  find(id: string): Promise<Task | undefined>;
  /** Writes the changes if the task is still at `expectedVersion` (none: the version read). */
  update(id: string, changes: TaskChanges, expectedVersion: number | undefined, now: Date): Promise<Task>;
}

export interface NewDocumentInput {
  readonly itemId: string | null;
  readonly kind: string;
  readonly number: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly status: DocumentStatus;
}

/** A document stays with its item. */
export type DocumentChanges = Partial<Omit<NewDocumentInput, 'itemId'>>;

export interface DocumentsPort {
  find(id: string): Promise<Document | undefined>;
  create(input: NewDocumentInput, now: Date): Promise<Document>;
  update(
    id: string,
    changes: DocumentChanges,
    expectedVersion: number | undefined,
    now: Date,
  ): Promise<Document>;
}

export interface FormsPort {
  /** The contact's first item in an open stage of the pipeline, if it has one. */
  findOpenItemOfContact(pipelineId: string, contactId: string): Promise<string | undefined>;
}
