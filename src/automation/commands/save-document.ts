import { invalid, notFound } from '../../domain/errors.ts';
import { type Author, DEFAULT_CURRENCY, type Document, type DocumentStatus } from '../../domain/item.ts';
import { parseMoney } from '../../domain/money.ts';
import type { EngineContext } from '../engine-context.ts';
import type { DocumentChanges } from '../record-ports.ts';
import { commitChange, documentEvents, writeChangeEvents } from './internal-events.ts';

export interface NewDocument {
  /** Default: none (a document of no item). */
  readonly itemId?: string | null | undefined;
  readonly kind: string;
  readonly number: string;
  /** Minor units. Default: the item's amount, or 0 without an item. */
  readonly amountMinor?: number | undefined;
  /** Default: the item's currency, or DEFAULT_CURRENCY without an item. */
  readonly currency?: string | undefined;
  /** Default: draft. */
  readonly status?: DocumentStatus | undefined;
}

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

export interface UpdateDocument {
  readonly documentId: string;
  readonly changes: DocumentChanges;
  /** The version the change was made against; undefined: whatever is stored. */
  readonly expectedVersion?: number | undefined;
}

/** Changes a document and writes document.posted when it becomes posted, in one transaction. */
export function updateDocument(context: EngineContext, command: UpdateDocument): Promise<Document> {
  const { documentId } = command;
  return commitChange(context, async (tx) => {
    const before = await tx.documents.find(documentId);
    if (before === undefined) throw notFound('document', documentId);
    const updated = await tx.documents.update(
      documentId,
      command.changes,
      command.expectedVersion,
      context.clock.now(),
    );
    await writeChangeEvents(context, tx, documentEvents(before, updated));
    return updated;
  });
}
