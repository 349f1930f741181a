import { invalid, notFound } from '../../domain/errors.ts';
import type { Item } from '../../domain/item.ts';
import type { EngineContext } from '../engine-context.ts';
import type { ItemChanges } from '../record-ports.ts';
import { checkItemPeople } from './create-item.ts';
import { commitChange, itemFieldEvents, writeChangeEvents } from './internal-events.ts';

export interface UpdateItem {
  readonly itemId: string;
  readonly changes: ItemChanges;
  /** The version the change was made against; undefined: whatever is stored. */
  readonly expectedVersion?: number | undefined;
}

/**
 * Changes an item's own values (not its stage: that is a move) and writes item.field_changed
 * naming what changed, in one transaction; the runner processes the event after the commit.
 */
export function updateItem(context: EngineContext, command: UpdateItem): Promise<Item> {
  const { itemId, changes } = command;
  return commitChange(context, async (tx) => {
    const current = await tx.items.findForUpdate(itemId);
    if (current === undefined) throw notFound('item', itemId);
    // The paid sum is in the item's currency; switching currency would silently mix two.
    if (
      changes.currency !== undefined &&
      changes.currency !== current.currency &&
      current.paidAmount !== '0.00'
    ) {
      throw invalid('/body/currency', 'cannot change the currency of an item that has payments');
    }
    await checkItemPeople(tx, changes);
    const updated = await tx.items.update(itemId, changes, command.expectedVersion, context.clock.now());
    await writeChangeEvents(context, tx, itemFieldEvents(current, updated));
    return updated;
  });
}
