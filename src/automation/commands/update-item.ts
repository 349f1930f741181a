import { invalid } from '../../domain/errors.ts';
import type { Item } from '../../domain/item.ts';
import type { ItemChanges } from '../record-ports.ts';
import { checkItemPeople } from './create-item.ts';
import { itemFieldEvents } from './internal-events.ts';
import type { RecordUpdate } from './update-record.ts';

/**
 * A change to an item's own values (not its stage: that is a move), with item.field_changed
 * naming what changed. The item is read locked: the currency check decides from its paid sum.
 */
export const itemUpdate: RecordUpdate<Item, ItemChanges> = {
  resource: 'item',
  read: (tx, id) => tx.items.findForUpdate(id),
  async write(tx, current, { id, changes, expectedVersion }, now) {
    // The paid sum is in the item's currency; switching currency would silently mix two.
    if (
      changes.currency !== undefined &&
      changes.currency !== current.currency &&
      current.paidAmount !== '0.00'
    ) {
      throw invalid('/body/currency', 'cannot change the currency of an item that has payments');
    }
    await checkItemPeople(tx, changes);
    return tx.items.update(id, changes, expectedVersion, now);
  },
  events: itemFieldEvents,
};
