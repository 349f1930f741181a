import { AppError, notFound } from '../../domain/errors.ts';
import type { Author, Document } from '../../domain/item.ts';
import type { EngineContext } from '../engine-context.ts';
import type { EngineTx } from '../ports.ts';
import type { DocumentChanges } from '../record-ports.ts';
import { commitChange, documentEvents } from './internal-events.ts';
import { type IssueDocumentInput, issueDocument } from './issue-document.ts';
import type { RecordUpdate } from './update-record.ts';

/**
 * A new document. Defaults: no item; the next number of the kind's sequence; the item's lines
 * (its custom field `lines`, or its title at its amount) and their total; the item's currency
 * (without an item the configured default currency); status draft; the kind's template.
 */
export type NewDocument = Omit<IssueDocumentInput, 'itemId'> & {
  readonly itemId?: string | null | undefined;
};

/**
 * Creates a document in one transaction: its number, the row with its rendering, for an item
 * its timeline entry, and its document.created (and document.posted when posted at once); the
 * runner processes them after the commit.
 */
export function createDocument(
  context: EngineContext,
  input: NewDocument,
  author: Author,
): Promise<Document> {
  return commitChange(context, (tx) =>
    issueDocument(context, tx, { ...input, itemId: input.itemId ?? null }, author),
  );
}

/** A document's change: document.posted when it becomes posted. */
export const documentUpdate: RecordUpdate<Document, DocumentChanges> = {
  resource: 'document',
  read: (tx, id) => tx.documents.find(id),
  write: (tx, _current, { id, changes, expectedVersion }, now) =>
    tx.documents.update(id, changes, expectedVersion, now),
  events: documentEvents,
};

/** A document of an item; `fromKind` copies the item's latest document of that kind (a quote). */
export interface ItemDocumentRequest extends Omit<IssueDocumentInput, 'itemId'> {
  readonly itemId: string;
  readonly fromKind?: string | undefined;
}

/** Resolves what the request names inside `tx`: the item must exist, and so must a document to copy. */
export async function itemDocumentInput(
  tx: EngineTx,
  request: ItemDocumentRequest,
): Promise<IssueDocumentInput> {
  const { fromKind, ...input } = request;
  if ((await tx.items.find(request.itemId)) === undefined) throw notFound('item', request.itemId);
  if (fromKind === undefined) return input;
  const source = await tx.documents.latestOfKind(request.itemId, fromKind);
  if (source === undefined) {
    throw new AppError(
      'document_source_missing',
      'invalid',
      `The item has no document of kind "${fromKind}" to copy`,
      {
        retryable: false,
        details: { fromKind },
      },
    );
  }
  return { ...input, fromDocumentId: source.id };
}

/** Creates a document of an item in one transaction (see issueDocument). */
export function createItemDocument(
  context: EngineContext,
  request: ItemDocumentRequest,
  author: Author,
): Promise<Document> {
  return commitChange(context, async (tx) =>
    issueDocument(context, tx, await itemDocumentInput(tx, request), author),
  );
}
