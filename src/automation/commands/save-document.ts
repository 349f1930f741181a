import { invalid } from '../../domain/errors.ts';
import { type Author, DEFAULT_CURRENCY, type Document } from '../../domain/item.ts';
import { parseMoney } from '../../domain/money.ts';
import type { EngineContext } from '../engine-context.ts';
import type { DocumentChanges, NewDocumentInput } from '../record-ports.ts';
import { commitChange, documentEvents, writeChangeEvents } from './internal-events.ts';
import type { RecordUpdate } from './update-record.ts';

/**
 * A new document. Defaults: no item; the item's amount and currency (without an item 0 and
 * DEFAULT_CURRENCY); status draft.
 */
export type NewDocument = Pick<NewDocumentInput, 'kind' | 'number'> &
  Partial<Omit<NewDocumentInput, 'kind' | 'number'>>;

/**
 * Creates a document in one transaction: the row, for an item its timeline entry, and its
 * document.created (and document.posted when posted at once); the runner processes them after
 * the commit.
 */
export function createDocument(
  context: EngineContext,
  input: NewDocument,
  author: Author,
): Promise<Document> {
  const itemId = input.itemId ?? null;
  return commitChange(context, async (tx) => {
    const item = itemId === null ? undefined : await tx.items.find(itemId);
    if (itemId !== null && item === undefined) throw invalid('/body/itemId', `item ${itemId} does not exist`);
    const now = context.clock.now();
    const created = await tx.documents.create(
      {
        itemId,
        kind: input.kind,
        number: input.number,
        amountMinor: input.amountMinor ?? parseMoney(item?.amount ?? '0') ?? 0,
        currency: input.currency ?? item?.currency ?? DEFAULT_CURRENCY,
        status: input.status ?? 'draft',
      },
      now,
    );
    if (created.itemId !== null) {
      await tx.timeline.add(
        {
          itemId: created.itemId,
          kind: 'document_created',
          text: `Document ${created.kind} ${created.number} created for ${created.amount} ${created.currency}`,
          data: {
            documentId: created.id,
            kind: created.kind,
            number: created.number,
            amount: created.amount,
            currency: created.currency,
          },
          author,
        },
        now,
      );
    }
    await writeChangeEvents(context, tx, documentEvents(undefined, created));
    return created;
  });
}

/** A document's change: document.posted when it becomes posted. */
export const documentUpdate: RecordUpdate<Document, DocumentChanges> = {
  resource: 'document',
  read: (tx, id) => tx.documents.find(id),
  write: (tx, _current, { id, changes, expectedVersion }, now) =>
    tx.documents.update(id, changes, expectedVersion, now),
  events: documentEvents,
};
