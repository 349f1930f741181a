import type { Engine } from '../automation/engine-api.ts';
import type { Clock, IdGenerator } from '../domain/clock.ts';
import type { IncomingEvent } from '../domain/events/event.ts';
import type { Document, Item } from '../domain/item.ts';
import type { Task } from '../domain/work.ts';

/** Where an event is written: the events repository of the change's own transaction. */
export interface EventWriter {
  insert(event: IncomingEvent, now: Date): Promise<boolean>;
}

/**
 * Internal events for changes made through the CRUD API (a posted document, a payment, a finished
 * task, changed fields). Each is written in the transaction of the change, so a change is never
 * saved without its event; `settle()` then hands them to the engine's runner, which processes
 * them through the one intake path, like events from outside.
 */
export class InternalEvents {
  readonly #engine: Engine;
  readonly #ids: IdGenerator;
  readonly #clock: Clock;

  constructor(engine: Engine, ids: IdGenerator, clock: Clock) {
    this.#engine = engine;
    this.#ids = ids;
    this.#clock = clock;
  }

  async #emit(
    writer: EventWriter,
    type: string,
    subject: IncomingEvent['subject'],
    data: Record<string, unknown>,
  ): Promise<void> {
    const now = this.#clock.now();
    await writer.insert({ id: this.#ids(), type, source: 'stageflow', occurredAt: now, subject, data }, now);
  }

  /**
   * After the change committed: wakes the runner for the events it recorded. The request does not
   * wait for their processing (accepting is not processing).
   */
  async settle(): Promise<void> {
    this.#engine.wake('events');
  }

  /** document.created for a new document; document.posted when it is (or becomes) posted. */
  async document(writer: EventWriter, before: Document | undefined, after: Document): Promise<void> {
    if (after.itemId === null) return;
    const data = {
      documentId: after.id,
      kind: after.kind,
      number: after.number,
      amount: after.amount,
      status: after.status,
    };
    const subject = { itemId: after.itemId };
    if (before === undefined) await this.#emit(writer, 'document.created', subject, data);
    if (after.status === 'posted' && before?.status !== 'posted')
      await this.#emit(writer, 'document.posted', subject, data);
  }

  async taskStatus(writer: EventWriter, before: Task, after: Task): Promise<void> {
    if (before.status === after.status || after.itemId === null) return;
    await this.#emit(
      writer,
      'task.status_changed',
      { taskId: after.id },
      {
        taskId: after.id,
        status: after.status,
        previousStatus: before.status,
        title: after.title,
      },
    );
  }

  /** item.field_changed naming each changed path (item.amount, item.fields.city, ...). */
  async itemFields(writer: EventWriter, before: Item, after: Item): Promise<void> {
    const changed: string[] = [];
    for (const key of ['title', 'amount', 'currency', 'contactId', 'responsibleId'] as const) {
      if (before[key] !== after[key]) changed.push(`item.${key}`);
    }
    const names = new Set([...Object.keys(before.fields), ...Object.keys(after.fields)]);
    for (const name of names) {
      if (JSON.stringify(before.fields[name]) !== JSON.stringify(after.fields[name]))
        changed.push(`item.fields.${name}`);
    }
    if (changed.length === 0) return;
    await this.#emit(writer, 'item.field_changed', { itemId: after.id }, { fields: changed });
  }
}
