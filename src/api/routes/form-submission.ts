import type { Submission } from '../../channels/forms/form-fields.ts';
import { normalizeEmail } from '../../domain/contact-channels.ts';
import { parseMoney } from '../../domain/money.ts';
import type { ContactChanges } from '../../store/repositories/contacts-repository.ts';
import type { Form } from '../../store/repositories/forms-repository.ts';
import type { AppContext } from '../context.ts';

export interface SubmissionOutcome {
  readonly eventId: string;
  readonly status: 'accepted' | 'duplicate';
  readonly itemId: string;
  readonly contactId: string | null;
}

/**
 * The contact the form names: found by normalised email, then by phone, and completed with a
 * channel or company it lacked (its name is kept: a form does not rename a customer); otherwise a
 * new one. No contact field filled in: no contact.
 */
async function upsertContact(
  { repos, clock, phones }: AppContext,
  c: Submission['contact'],
): Promise<string | null> {
  if (c.name === undefined && c.email === undefined && c.phone === undefined) return null;
  const byEmail = c.email === undefined ? [] : await repos.contacts.findByEmail(c.email);
  const found =
    byEmail[0] ?? (c.phone === undefined ? undefined : (await repos.contacts.findByPhone(c.phone))[0]);
  const now = clock.now();
  if (found === undefined) {
    const contact = await repos.contacts.create(
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
  const changes: { -readonly [K in keyof ContactChanges]: ContactChanges[K] } = {};
  const email = c.email;
  if (email !== undefined && !found.emails.some((e) => normalizeEmail(e) === normalizeEmail(email)))
    changes.emails = [...found.emails, email];
  const phone = c.phone;
  if (phone !== undefined && !found.phones.some((p) => phones.key(p) === phones.key(phone)))
    changes.phones = [...found.phones, phone];
  if (c.company !== undefined && found.company === null) changes.company = c.company;
  if (Object.keys(changes).length > 0) await repos.contacts.update(found.id, changes, undefined, now);
  return found.id;
}

/**
 * Applies a checked submission: the contact, then the item (the contact's open item of the form's
 * pipeline, or a new one in the form's stage), then the form.submitted event about that item.
 *
 * The event's id comes from the page's token (`form:<formId>:<nonce>`), so the same page posted
 * twice (a double click, a reload) is one submission. Each step finds what an earlier attempt
 * wrote (the contact by address, the open item by contact), so a post retried after a failure
 * part-way completes the submission instead of duplicating it.
 */
export async function submitForm(
  context: AppContext,
  form: Form,
  submission: Submission,
  nonce: string,
): Promise<SubmissionOutcome> {
  const { repos, engine, clock } = context;
  const eventId = `form:${form.id}:${nonce}`;
  const contactId = await upsertContact(context, submission.contact);
  const existing =
    contactId === null ? undefined : await repos.forms.findOpenItemOfContact(form.pipelineId, contactId);
  const itemId =
    existing ??
    (
      await engine.createItem(
        {
          pipelineId: form.pipelineId,
          ...(form.stageId !== null && { stageId: form.stageId }),
          title: (
            submission.item.title ??
            `${form.name}: ${submission.contact.name ?? submission.contact.email ?? submission.contact.phone ?? 'web form'}`
          ).slice(0, 200),
          ...(submission.item.amount !== undefined && { amountMinor: parseMoney(submission.item.amount) }),
          contactId,
          fields: submission.item.fields,
        },
        { type: 'system', id: null },
      )
    ).id;
  const [result] = await engine.accept([
    {
      id: eventId,
      type: 'form.submitted',
      source: `form:${form.id}`,
      occurredAt: clock.now(),
      subject: { itemId },
      data: { formId: form.id, formName: form.name, fields: submission.values },
    },
  ]);
  return { eventId, status: result?.status ?? 'accepted', itemId, contactId };
}
