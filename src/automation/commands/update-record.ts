import { type NotFoundResource, notFound } from '../../domain/errors.ts';
import type { EngineContext } from '../engine-context.ts';
import type { EngineTx } from '../ports.ts';
import type { RecordChange } from '../record-ports.ts';
import { type ChangeEvent, writeChangeEvents } from './internal-events.ts';

/** How one kind of record (an item, a task, a document) is changed by a person. */
export interface RecordUpdate<R, C> {
  /** Names the record in its not-found error: `item`, `task`, `document`. */
  readonly resource: NotFoundResource;
  /** Reads the record, locking it where the write decides from what it read. */
  read(tx: EngineTx, id: string): Promise<R | undefined>;
  /** Checks the change against `current` and writes it; answers the record as written. */
  write(tx: EngineTx, current: R, change: RecordChange<C>, now: Date): Promise<R>;
  /** What the change did, as internal events. Default: none. */
  events?(before: R, after: R): ChangeEvent[];
  /**
   * What else follows the change in its transaction (runs planned again, notifications); answers
   * how many runs and notifications it wrote, so the runner and its mail are woken for them.
   * Default: nothing.
   */
  followUp?(context: EngineContext, tx: EngineTx, before: R, after: R): Promise<number>;
}

/**
 * Changes one record in one transaction: read (missing: not found), checked and written, then
 * its internal events and follow-up; once committed, the runner is woken for them, if there are any.
 */
export async function updateRecord<R, C>(
  context: EngineContext,
  kind: RecordUpdate<R, C>,
  change: RecordChange<C>,
): Promise<R> {
  let written = 0;
  let replanned = 0;
  const updated = await context.store.transaction(async (tx) => {
    const current = await kind.read(tx, change.id);
    if (current === undefined) throw notFound(kind.resource, change.id);
    const after = await kind.write(tx, current, change, context.clock.now());
    const events = kind.events?.(current, after) ?? [];
    await writeChangeEvents(context, tx, events);
    written = events.length;
    replanned = (await kind.followUp?.(context, tx, current, after)) ?? 0;
    return after;
  });
  if (written > 0) context.wake('events');
  if (replanned > 0) context.wake('runs');
  return updated;
}
