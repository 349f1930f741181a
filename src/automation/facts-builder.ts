import type { StoredEvent } from '../domain/events/event.ts';
import type { Facts } from '../domain/facts.ts';
import type { Item } from '../domain/item.ts';
import type { Pipeline, Stage } from '../domain/pipeline.ts';
import type { User } from '../domain/user.ts';
import type { EngineTx } from './ports.ts';

export interface FactsContext {
  readonly facts: Facts;
  readonly responsible: User | undefined;
  readonly supervisor: User | undefined;
  readonly stage: Stage | undefined;
  readonly pipeline: Pipeline | undefined;
}

const person = (user: User | undefined) =>
  user === undefined
    ? null
    : {
        id: user.id,
        name: user.name,
        email: user.email,
        department: user.department,
        timeZone: user.timeZone,
      };

/**
 * The facts about an item that conditions and templates read (the paths of domain/facts.ts).
 * Money becomes a number in major units here: conditions compare it, templates format it.
 */
export async function buildFacts(tx: EngineTx, item: Item, event?: StoredEvent): Promise<FactsContext> {
  const [contact, responsible, stage, pipeline, documents, payments] = await Promise.all([
    item.contactId === null ? undefined : tx.contacts.find(item.contactId),
    item.responsibleId === null ? undefined : tx.users.find(item.responsibleId),
    tx.items.stageOf(item.stageId),
    tx.pipelines.find(item.pipelineId),
    tx.facts.documentKinds(item.id),
    tx.facts.paymentTotals(item.id),
  ]);
  const supervisor =
    responsible?.supervisorId == null ? undefined : await tx.users.find(responsible.supervisorId);
  const facts: Facts = {
    item: {
      id: item.id,
      title: item.title,
      amount: Number(item.amount),
      currency: item.currency,
      paidAmount: Number(item.paidAmount),
      pipelineId: item.pipelineId,
      stageId: item.stageId,
      responsibleId: item.responsibleId,
      contactId: item.contactId,
      stageEnteredAt: item.stageEnteredAt,
      createdAt: item.createdAt,
      fields: item.fields,
    },
    contact:
      contact === undefined
        ? null
        : {
            id: contact.id,
            name: contact.name,
            company: contact.company,
            email: contact.emails[0] ?? null,
            phone: contact.phones[0] ?? null,
            emails: contact.emails,
            phones: contact.phones,
            fields: contact.fields,
          },
    responsible: person(responsible),
    supervisor: person(supervisor),
    stage:
      stage === undefined
        ? null
        : { id: stage.id, name: stage.name, semantics: stage.semantics, sort: stage.sort },
    pipeline:
      pipeline === undefined
        ? null
        : { id: pipeline.id, name: pipeline.name, entityType: pipeline.entityType },
    documents,
    payments: { count: payments.count, total: payments.totalMinor / 100 },
    event:
      event === undefined
        ? null
        : { id: event.id, type: event.type, occurredAt: event.occurredAt, data: event.data },
  };
  return { facts, responsible, supervisor, stage, pipeline };
}
