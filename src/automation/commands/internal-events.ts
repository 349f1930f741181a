import { INTERNAL_EVENT_SOURCE, type IncomingEvent } from '../../domain/events/event.ts';
import type { Document, Item } from '../../domain/item.ts';
import type { Task } from '../../domain/work.ts';
import type { EngineContext, WorkKind } from '../engine-context.ts';
import type { EngineTx } from '../ports.ts';

/**
 * Internal events say what a change made through a command did (a posted document, a finished
 * task, changed fields), so triggers react to it like to events from outside. They are built
 * here, written in the transaction of the change (a change is never saved without its event),
 * and processed by the runner after the commit, through the one intake path.
 */

/** An internal event before it is given its id and time. */
export type ChangeEvent = Pick<IncomingEvent, 'type' | 'subject' | 'data'>;

/** document.created for a new document; document.posted when it is (or becomes) posted. */
export function documentEvents(before: Document | undefined, after: Document): ChangeEvent[] {
  if (after.itemId === null) return [];
  const data = {
    documentId: after.id,
    kind: after.kind,
    number: after.number,
    amount: after.amount,
    status: after.status,
  };
  const subject = { itemId: after.itemId };
  const events: ChangeEvent[] = [];
  if (before === undefined) events.push({ type: 'document.created', subject, data });
  if (after.status === 'posted' && before?.status !== 'posted')
    events.push({ type: 'document.posted', subject, data });
  return events;
}

/** task.status_changed when the status of a task of an item changed. */
export function taskStatusEvents(before: Task, after: Task): ChangeEvent[] {
  if (before.status === after.status || after.itemId === null) return [];
  return [
    {
      type: 'task.status_changed',
      subject: { taskId: after.id },
      data: { taskId: after.id, status: after.status, previousStatus: before.status, title: after.title },
    },
  ];
}

/** item.field_changed naming each changed path (item.amount, item.fields.city, ...). */
export function itemFieldEvents(before: Item, after: Item): ChangeEvent[] {
  const changed: string[] = [];
  for (const key of ['title', 'amount', 'currency', 'contactId', 'responsibleId'] as const) {
    if (before[key] !== after[key]) changed.push(`item.${key}`);
  }
  const names = new Set([...Object.keys(before.fields), ...Object.keys(after.fields)]);
  for (const name of names) {
    if (JSON.stringify(before.fields[name]) !== JSON.stringify(after.fields[name]))
      changed.push(`item.fields.${name}`);
  }
  if (changed.length === 0) return [];
  return [{ type: 'item.field_changed', subject: { itemId: after.id }, data: { fields: changed } }];
}

/** Writes the events in the change's transaction, each with a new id, at the clock's now. */
export async function writeChangeEvents(
  context: EngineContext,
  tx: EngineTx,
  events: readonly ChangeEvent[],
): Promise<void> {
  for (const event of events) {
    const now = context.clock.now();
    await tx.events.insert(
      { id: context.ids(), source: INTERNAL_EVENT_SOURCE, occurredAt: now, ...event },
      now,
    );
  }
}

/**
 * Runs a command's work in one transaction and, once it committed, wakes the runners for what it
 * made due (default: its events). The caller does not wait for their processing: accepting is
 * not processing.
 */
export async function commitChange<T>(
  context: EngineContext,
  work: (tx: EngineTx) => Promise<T>,
  due: readonly WorkKind[] = ['events'],
): Promise<T> {
  const result = await context.store.transaction(work);
  for (const what of due) context.wake(what);
  return result;
}
