import type { Contact } from '../domain/contact.ts';
import { isEmail, isPhone, normalizeEmail } from '../domain/contact-channels.ts';
import type { StoredEvent } from '../domain/events/event.ts';
import type { LeadChannel } from '../domain/pipeline.ts';
import type { EngineContext } from './engine-context.ts';
import { createItemInTransaction } from './item-creation.ts';
import type { EngineTx } from './ports.ts';

const CALL_TYPES: ReadonlySet<string> = new Set(['call.incoming', 'call.missed', 'call.completed']);
const CHAT_TYPES: ReadonlySet<string> = new Set(['chat.first_message', 'chat.message']);

/** Who wrote or called, as the event tells it: one way to find or make their contact. */
type Sender =
  | { readonly kind: 'phone'; readonly value: string; readonly name: string }
  | { readonly kind: 'email'; readonly value: string; readonly name: string }
  | { readonly kind: 'chat'; readonly value: string; readonly name: string };

/** The lead an event from an unknown sender made, and whether its contact is new too. */
export interface LeadFromEvent {
  readonly itemId: string;
  readonly contactId: string;
  readonly contactCreated: boolean;
  readonly pipelineId: string;
}

/**
 * Makes a lead of a call or chat event that names no item: its sender becomes a contact (or is
 * found as one that has no items) and a lead in the first stage of the pipeline whose settings
 * take that channel's unknown senders. It runs inside the event's processing, so a failure later
 * on rolls the lead back with the rest and a retry makes it once; the next event from the same
 * number or chat identity finds the contact, and through it the lead.
 */
export async function leadFromEvent(
  context: EngineContext,
  tx: EngineTx,
  event: StoredEvent,
): Promise<LeadFromEvent | undefined> {
  const channel = channelOf(event);
  if (channel === undefined) return undefined;
  const sender = senderOf(context, event, channel);
  if (sender === undefined) return undefined;
  const pipelineId = await tx.inbound.findLeadPipelineId(channel);
  if (pipelineId === undefined) return undefined;
  const now = context.clock.now();
  const known = (await findContacts(tx, sender))[0];
  const contact = known ?? (await createContact(tx, sender, now));
  const item = await createItemInTransaction(
    context,
    tx,
    { pipelineId, title: titleOf(event, sender), contactId: contact.id, amountMinor: 0 },
    { type: 'system', id: null },
    { rootEventId: event.rootEventId, depth: event.depth, eventId: event.id },
  );
  return { itemId: item.id, contactId: contact.id, contactCreated: known === undefined, pipelineId };
}

function channelOf(event: StoredEvent): LeadChannel | undefined {
  // A subject naming an item, a contact, a document or a task points at something that is gone,
  // not at a stranger; and an outgoing call was made by us.
  const { itemId, contactId, documentId, taskId } = event.subject;
  if ([itemId, contactId, documentId, taskId].some((named) => named !== undefined)) return undefined;
  if (CALL_TYPES.has(event.type)) return event.data['direction'] === 'out' ? undefined : 'calls';
  return CHAT_TYPES.has(event.type) ? 'chats' : undefined;
}

function senderOf(context: EngineContext, event: StoredEvent, channel: LeadChannel): Sender | undefined {
  const author = text(event.data['author']);
  const phone = phoneOf(context, event.subject.phone ?? text(event.data['phone']));
  if (channel === 'calls')
    return phone === undefined ? undefined : { kind: 'phone', value: phone, name: phone };
  const chat = text(event.subject.chat);
  if (chat !== undefined) return { kind: 'chat', value: chat, name: author ?? chat };
  if (phone !== undefined) return { kind: 'phone', value: phone, name: author ?? phone };
  const email = text(event.subject.email);
  if (email !== undefined && isEmail(email)) {
    const address = normalizeEmail(email);
    return { kind: 'email', value: address, name: author ?? address };
  }
  return undefined;
}

/** The number in E.164; a caller id that is no number ("anonymous") makes no lead. */
function phoneOf(context: EngineContext, written: string | undefined): string | undefined {
  if (written === undefined || !isPhone(written)) return undefined;
  return context.phones.toE164(written);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function findContacts(tx: EngineTx, sender: Sender): Promise<Contact[]> {
  if (sender.kind === 'phone') return tx.contacts.findByPhone(sender.value);
  if (sender.kind === 'email') return tx.contacts.findByEmail(sender.value);
  return tx.contacts.findByChat(sender.value);
}

async function createContact(tx: EngineTx, sender: Sender, now: Date): Promise<Contact> {
  const name = sender.name.slice(0, 200);
  if (sender.kind === 'phone') return tx.contacts.create({ name, phones: [sender.value] }, now);
  if (sender.kind === 'email') return tx.contacts.create({ name, emails: [sender.value] }, now);
  const contact = await tx.contacts.create({ name }, now);
  await tx.contacts.addChat(contact.id, sender.value);
  return contact;
}

const TITLES: Readonly<Record<string, string>> = {
  'call.incoming': 'Call',
  'call.missed': 'Missed call',
  'call.completed': 'Call',
  'chat.first_message': 'Chat',
  'chat.message': 'Chat',
};

function titleOf(event: StoredEvent, sender: Sender): string {
  const channel = text(event.data['channel']);
  const via = channel === undefined || sender.kind === 'chat' ? '' : ` (${channel})`;
  return `${TITLES[event.type] ?? 'Event'} from ${sender.name}${via}`.slice(0, 200);
}
