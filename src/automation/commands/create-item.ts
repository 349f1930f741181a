import { invalid } from '../../domain/errors.ts';
import type { Author, Item } from '../../domain/item.ts';
import type { EngineContext } from '../engine-context.ts';
import { createItemInTransaction, type NewItemRequest } from '../item-creation.ts';
import type { EngineTx } from '../ports.ts';
import { commitChange } from './internal-events.ts';

/** The people an item names must exist; errors name the API's body fields. */
export async function checkItemPeople(
  tx: Pick<EngineTx, 'contacts' | 'users'>,
  input: { contactId?: string | null | undefined; responsibleId?: string | null | undefined },
): Promise<void> {
  if (input.contactId != null && (await tx.contacts.find(input.contactId)) === undefined) {
    throw invalid('/body/contactId', `contact ${input.contactId} does not exist`);
  }
  if (input.responsibleId != null && (await tx.users.find(input.responsibleId)) === undefined) {
    throw invalid('/body/responsibleId', `user ${input.responsibleId} does not exist`);
  }
}

/**
 * Creates an item in one transaction: it enters its stage (guards decide, robots are planned,
 * item.created is written); the runners take its events and runs after the commit.
 */
export function createItem(context: EngineContext, input: NewItemRequest, author: Author): Promise<Item> {
  return commitChange(
    context,
    async (tx) => {
      await checkItemPeople(tx, input);
      return createItemInTransaction(context, tx, input, author, { rootEventId: null, depth: 0 });
    },
    ['events', 'runs'],
  );
}
