import { normalizeEmail } from '../../domain/contact-channels.ts';
import { parseMoney } from '../../domain/money.ts';
import type { EngineContext } from '../engine-context.ts';
import { createItemInTransaction } from '../item-creation.ts';
import type { EngineTx, NewContactInput } from '../ports.ts';
import { commitChange } from './internal-events.ts';

/** The form a submission was posted to. */
export interface SubmittedForm {
  readonly id: string;
  readonly name: string;
  readonly pipelineId: string;
  /** Where a new item starts. null: the pipeline's entry stage. */
  readonly stageId: string | null;
}

/** A checked submission: the values as typed, and what they map to. */
export interface FormSubmission {
  readonly values: Readonly<Record<string, string>>;
  readonly contact: {
    readonly name?: string | undefined;
    readonly email?: string | undefined;
    readonly phone?: string | undefined;
    readonly company?: string | undefined;
  };
  readonly item: {
    readonly title?: string | undefined;
    readonly amount?: string | undefined;
    readonly fields: Readonly<Record<string, string>>;
  };
}

export interface SubmissionOutcome {
  readonly eventId: string;
  /** `duplicate`: this page was submitted before; nothing was written again. */
  readonly status: 'accepted' | 'duplicate';
  /** The item the submission is about; null for a duplicate. */
  readonly itemId: string | null;
  readonly contactId: string | null;
}

/** Thrown inside the transaction when the submission is there already, to roll back what it made. */
class SubmittedBefore extends Error {}

/**
 * Applies a checked submission in one transaction: the contact, then the item (the contact's open
 * item of the form's pipeline, or a new one in the form's stage), then the form.submitted event
 * about that item; the runners take what it made due after the commit.
 *
 * The event's id comes from the page's token (`form:<formId>:<nonce>`), so the same page posted
 * twice (a double click, a reload) is one submission: its primary key decides, and the second
 * post's transaction, finding the id taken, rolls back whatever it made.
 */
export async function submitForm(
  context: EngineContext,
  form: SubmittedForm,
  submission: FormSubmission,
  nonce: string,
): Promise<SubmissionOutcome> {
  const eventId = `form:${form.id}:${nonce}`;
  try {
    return await commitChange(
      context,
      async (tx) => {
        if ((await tx.events.find(eventId)) !== undefined) throw new SubmittedBefore();
        const contactId = await upsertContact(context, tx, submission.contact);
        const itemId = await itemOf(context, tx, form, submission, contactId);
        const now = context.clock.now();
        const inserted = await tx.events.insert(
          {
            id: eventId,
            type: 'form.submitted',
            source: `form:${form.id}`,
            occurredAt: now,
            subject: { itemId },
            data: { formId: form.id, formName: form.name, fields: submission.values },
          },
          now,
        );
        if (!inserted) throw new SubmittedBefore();
        return { eventId, status: 'accepted' as const, itemId, contactId };
      },
      ['events', 'runs'],
    );
  } catch (error) {
    if (error instanceof SubmittedBefore)
      return { eventId, status: 'duplicate', itemId: null, contactId: null };
    throw error;
  }
}

/** The contact's open item of the form's pipeline, or a new one that enters the form's stage. */
async function itemOf(
  context: EngineContext,
  tx: EngineTx,
  form: SubmittedForm,
  { contact, item }: FormSubmission,
  contactId: string | null,
): Promise<string> {
  const existing =
    contactId === null ? undefined : await tx.forms.findOpenItemOfContact(form.pipelineId, contactId);
  if (existing !== undefined) return existing;
  const amountMinor = item.amount === undefined ? undefined : parseMoney(item.amount);
  const created = await createItemInTransaction(
    context,
    tx,
    {
      pipelineId: form.pipelineId,
      ...(form.stageId !== null && { stageId: form.stageId }),
      title: (
        item.title ?? `${form.name}: ${contact.name ?? contact.email ?? contact.phone ?? 'web form'}`
      ).slice(0, 200),
      ...(amountMinor !== undefined && { amountMinor }),
      contactId,
      fields: item.fields,
    },
    { type: 'system', id: null },
    { rootEventId: null, depth: 0 },
  );
  return created.id;
}

/**
 * The contact the form names: found by normalised email, then by phone, and completed with a
 * channel or company it lacked (its name is kept: a form does not rename a customer); otherwise a
 * new one. No contact field filled in: no contact.
 */
async function upsertContact(
  context: EngineContext,
  tx: EngineTx,
  c: FormSubmission['contact'],
): Promise<string | null> {
  if (c.name === undefined && c.email === undefined && c.phone === undefined) return null;
  const byEmail = c.email === undefined ? [] : await tx.contacts.findByEmail(c.email);
  const found =
    byEmail[0] ?? (c.phone === undefined ? undefined : (await tx.contacts.findByPhone(c.phone))[0]);
  const now = context.clock.now();
  if (found === undefined) {
    const contact = await tx.contacts.create(
      {
        name: c.name ?? c.email ?? c.phone ?? '',
        company: c.company ?? null,
        emails: c.email === undefined ? [] : [c.email],
        phones: c.phone === undefined ? [] : [c.phone],
      },
      now,
    );
    return contact.id;
  }
  const changes: { -readonly [K in keyof NewContactInput]?: NewContactInput[K] } = {};
  const { email, phone } = c;
  if (email !== undefined && !found.emails.some((e) => normalizeEmail(e) === normalizeEmail(email)))
    changes.emails = [...found.emails, email];
  const phones = context.phones;
  if (phone !== undefined && !found.phones.some((p) => phones.key(p) === phones.key(phone)))
    changes.phones = [...found.phones, phone];
  if (c.company !== undefined && found.company === null) changes.company = c.company;
  if (Object.keys(changes).length > 0) await tx.contacts.update(found.id, changes, undefined, now);
  return found.id;
}
