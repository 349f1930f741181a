import type { Document, DocumentStatus } from '../domain/item.ts';
import type { Task, TaskStatus } from '../domain/work.ts';
import type { ItemChangesInput } from './actions/action-ports.ts';

/**
 * What the commands that change records (an item's fields, a task, a document, a form's
 * submission) need from storage beyond the engine's own ports. The store's repositories satisfy
 * these shapes structurally.
 */

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

export interface TaskChanges {
  readonly itemId?: string | null | undefined;
  readonly title?: string | undefined;
  readonly description?: string | null | undefined;
  readonly responsibleId?: string | null | undefined;
  readonly observerIds?: readonly string[] | undefined;
  readonly deadline?: Date | null | undefined;
  readonly status?: TaskStatus | undefined;
  readonly stageId?: string | null | undefined;
}

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

export interface DocumentChanges {
  readonly kind?: string | undefined;
  readonly number?: string | undefined;
  readonly amountMinor?: number | undefined;
  readonly currency?: string | undefined;
  readonly status?: DocumentStatus | undefined;
}

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
