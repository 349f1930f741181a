import { notFound } from '../../domain/errors.ts';
import type { Author, TimelineEntry } from '../../domain/item.ts';
import type { EngineContext } from '../engine-context.ts';

/** Adds a person's note to an item's timeline; a note is no event, so nothing is woken. */
export function addNote(
  context: EngineContext,
  note: { readonly itemId: string; readonly text: string },
  author: Author,
): Promise<TimelineEntry> {
  return context.store.transaction(async (tx) => {
    if ((await tx.items.find(note.itemId)) === undefined) throw notFound('item', note.itemId);
    return tx.timeline.add({ ...note, kind: 'note', author }, context.clock.now());
  });
}
