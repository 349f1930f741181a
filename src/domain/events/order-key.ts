import type { EventSubject } from './event.ts';

/**
 * The key that events are processed in order by: the item when the subject names one, else the
 * subject itself in one canonical form (its named fields sorted), so two events about the same
 * contact, document or task keep their order too. Events under different keys may be processed in
 * any order, at the same time. A subject named two ways (an item id here, its contact's email
 * there) gets two keys: only the same naming is ordered.
 */
export function eventOrderKey(subject: EventSubject): string {
  if (subject.itemId !== undefined) return subject.itemId;
  const named = Object.entries(subject)
    .filter(([, value]) => value !== undefined && value !== null)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(Object.fromEntries(named));
}
