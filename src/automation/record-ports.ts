import type { DocumentSnapshot } from '../domain/documents/document-snapshot.ts';
import type { Document, DocumentStatus } from '../domain/item.ts';
import type { ActivityStatus, TaskStatus } from '../domain/work.ts';
import type { ItemChangesInput, NewActivityInput, NewTaskInput } from './actions/action-ports.ts';

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

/** A task as a person writes it: a robot that created a task stays its creator. */
export type NewTaskRecord = Omit<NewTaskInput, 'createdByRobotId' | 'createdByUserId'> & {
  readonly status?: TaskStatus | undefined;
};
export type TaskChanges = Partial<NewTaskRecord>;

/** An activity as a person writes it: a robot that planned one stays its creator. */
export type NewActivityRecord = Omit<NewActivityInput, 'createdByRobotId' | 'createdByUserId'> & {
  readonly status?: ActivityStatus | undefined;
};
export type ActivityChanges = Partial<NewActivityRecord>;

/** Tasks and activities as people write them; each names an item and maybe one of its stages. */
export interface WorkRecordsPort<R, New> extends PlacementLookups {
  find(id: string): Promise<R | undefined>;
  create(input: New, now: Date): Promise<R>;
  /** Writes the changes if the record is still at `expectedVersion` (none: the version read). */
  update(id: string, changes: Partial<New>, expectedVersion: number | undefined, now: Date): Promise<R>;
  delete(id: string): Promise<void>;
}

export interface NewDocumentInput {
  readonly itemId: string | null;
  readonly kind: string;
  readonly number: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly status: DocumentStatus;
  readonly templateId?: string | null | undefined;
  readonly language?: string | null | undefined;
  readonly sourceDocumentId?: string | null | undefined;
  readonly snapshot?: DocumentSnapshot | undefined;
  readonly html?: string | undefined;
}

/** What a document was rendered from, and the HTML it rendered to. */
export interface DocumentRendering {
  readonly snapshot: DocumentSnapshot;
  readonly html: string;
}

/** A document stays with its item; its rendering stays as it was made. */
export type DocumentChanges = Partial<
  Pick<NewDocumentInput, 'kind' | 'number' | 'amountMinor' | 'currency' | 'status'>
>;

export interface DocumentsPort {
  find(id: string): Promise<Document | undefined>;
  create(input: NewDocumentInput, now: Date): Promise<Document>;
  /** The next number of the kind in the year; call it in the transaction that inserts the document. */
  allocateNumber(kind: string, year: number): Promise<number>;
  prefixOf(kind: string): Promise<string>;
  setPrefix(kind: string, prefix: string, now: Date): Promise<void>;
  rendering(id: string): Promise<DocumentRendering | undefined>;
  latestOfKind(itemId: string, kind: string): Promise<Document | undefined>;
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
