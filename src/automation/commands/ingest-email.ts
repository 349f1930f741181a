import type { EventSubject } from '../../domain/events/event.ts';
import type { EngineContext } from '../engine-context.ts';
import { createItemInTransaction } from '../item-creation.ts';
import type { EngineTx } from '../ports.ts';

/** An incoming email as the mail channel read it. */
export interface IncomingEmail {
  /** The sender's address, normalised (trimmed, lower case). */
  readonly from: string;
  readonly fromName: string | undefined;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly messageId: string | undefined;
  readonly inReplyTo: string | undefined;
  /** Message-IDs this mail answers, nearest first. */
  readonly threadIds: readonly string[];
  readonly attachments: readonly string[];
  /** A digest of what the message says (sender, recipients, date, subject, body, attachments). */
  readonly contentHash: string;
}

export interface IngestedEmail {
  /** The email.received event: "email:<Message-ID>", or "email:sha256:<digest>" without one. */
  readonly id: string;
  /** `duplicate`: the message was taken in before; nothing was created or sent again. */
  readonly status: 'accepted' | 'duplicate';
  readonly matchedBy: 'thread' | 'sender' | 'new_lead' | 'none';
  readonly itemId: string | null;
  readonly contactId: string | null;
}

type Match = Omit<IngestedEmail, 'id' | 'status'> & { readonly subject: EventSubject };

/** Event ids are at most 200 characters (the events API's limit). */
const MAX_EVENT_ID = 200;

/** A message's identity: its Message-ID, or without one a digest of its content. */
export function emailEventId(mail: IncomingEmail): string {
  const messageId = mail.messageId?.trim().replace(/^<|>$/g, '');
  const key = messageId === undefined || messageId === '' ? `sha256:${mail.contentHash}` : messageId;
  return `email:${key}`.slice(0, MAX_EVENT_ID);
}

/** Thrown inside the transaction when the message is there already, to roll back what it made. */
class TakenInBefore extends Error {}

/**
 * Takes in an email in one transaction: ties it to items (a thread, the sender's contact) or
 * creates a contact and a lead for an unknown sender, and writes the email.received event. The
 * event's id is the message's identity, and its primary key decides: when two deliveries of one
 * message run at once, the second one's event insert waits for the first to commit, finds the id
 * taken, and rolls back everything the second delivery made. So one message makes one contact and
 * one lead, whatever the timing (a check before the insert could not promise that).
 */
export async function ingestEmail(context: EngineContext, mail: IncomingEmail): Promise<IngestedEmail> {
  const id = emailEventId(mail);
  const duplicate: IngestedEmail = {
    id,
    status: 'duplicate',
    matchedBy: 'none',
    itemId: null,
    contactId: null,
  };
  try {
    return await context.store.transaction(async (tx) => {
      // Only a shortcut for a repeat long after the first: the insert below is what decides.
      if ((await tx.events.find(id)) !== undefined) return duplicate;
      const now = context.clock.now();
      const { subject, ...matched } = await match(context, tx, mail);
      const inserted = await tx.events.insert(
        { id, type: 'email.received', source: 'email', occurredAt: now, subject, data: dataOf(mail) },
        now,
      );
      if (!inserted) throw new TakenInBefore();
      return { id, status: 'accepted', ...matched };
    });
  } catch (error) {
    if (error instanceof TakenInBefore) return duplicate;
    throw error;
  }
}

/**
 * A reply goes to the item of the mail it answers; otherwise the sender's contact and its items;
 * an unknown sender (or a contact without items) becomes a contact and a lead in the pipeline
 * configured for it, when there is one.
 */
async function match(context: EngineContext, tx: EngineTx, mail: IncomingEmail): Promise<Match> {
  const threaded = await tx.inbound.findItemByMessageIds(mail.threadIds);
  const known = (await tx.contacts.findByEmail(mail.from))[0];
  if (threaded !== undefined) {
    return {
      matchedBy: 'thread',
      subject: { itemId: threaded },
      itemId: threaded,
      contactId: known?.id ?? null,
    };
  }
  const subject = { email: mail.from };
  if (known !== undefined && (await tx.items.resolveSubject(subject)).length > 0) {
    return { matchedBy: 'sender', subject, itemId: null, contactId: known.id };
  }
  const pipelineId = await tx.inbound.findLeadPipelineId();
  if (pipelineId === undefined) {
    return { matchedBy: 'none', subject, itemId: null, contactId: known?.id ?? null };
  }
  const contact =
    known ??
    (await tx.contacts.create(
      { name: mail.fromName ?? mail.from, emails: [mail.from] },
      context.clock.now(),
    ));
  const item = await createItemInTransaction(
    context,
    tx,
    {
      pipelineId,
      title: (mail.subject.trim() || `Email from ${mail.from}`).slice(0, 200),
      contactId: contact.id,
      amountMinor: 0,
    },
    { type: 'system', id: null },
    { rootEventId: null, depth: 0 },
  );
  return { matchedBy: 'new_lead', subject: { itemId: item.id }, itemId: item.id, contactId: contact.id };
}

function dataOf(mail: IncomingEmail): Record<string, unknown> {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.messageId !== undefined && { messageId: mail.messageId }),
    ...(mail.inReplyTo !== undefined && { inReplyTo: mail.inReplyTo }),
    attachments: mail.attachments,
  };
}
