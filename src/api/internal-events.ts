import type { Engine } from '../automation/engine-api.ts';
import type { Clock, IdGenerator } from '../domain/clock.ts';
import type { IncomingEvent } from '../domain/events/event.ts';
import type { Document, Item, Payment } from '../domain/item.ts';
import type { Task } from '../domain/work.ts';

/**
 * Internal events for changes made through the CRUD API (a posted document, a payment, a finished
 * task, changed fields). They go through the engine's one intake path, so triggers and the journal
 * see them exactly like events from outside.
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

  async #emit(type: string, subject: IncomingEvent['subject'], data: Record<string, unknown>): Promise<void> {
    await this.#engine.accept([
      { id: this.#ids(), type, source: 'stageflow', occurredAt: this.#clock.now(), subject, data },
    ]);
  }

  /** document.created for a new document; document.posted when it is (or becomes) posted. */
  async document(before: Document | undefined, after: Document): Promise<void> {
    if (after.itemId === null) return;
    const data = {
      documentId: after.id,
      kind: after.kind,
      number: after.number,
      amount: after.amount,
      status: after.status,
    };
    const subject = { itemId: after.itemId };
    if (before === undefined) await this.#emit('document.created', subject, data);
    if (after.status === 'posted' && before?.status !== 'posted')
      await this.#emit('document.posted', subject, data);
  }

  async payment(payment: Payment): Promise<void> {
    await this.#emit(
      'payment.received',
      { itemId: payment.itemId },
      {
        amount: payment.amount,
        currency: payment.currency,
        documentId: payment.documentId ?? undefined,
        paymentId: payment.id,
      },
    );
  }

  async taskStatus(before: Task, after: Task): Promise<void> {
    if (before.status === after.status || after.itemId === null) return;
    await this.#emit(
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
  async itemFields(before: Item, after: Item): Promise<void> {
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
    await this.#emit('item.field_changed', { itemId: after.id }, { fields: changed });
  }
}
