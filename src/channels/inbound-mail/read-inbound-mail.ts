import { createHash } from 'node:crypto';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import { isEmail, normalizeEmail } from '../../domain/contact-channels.ts';
import { invalid } from '../../domain/errors.ts';

/** What Stageflow keeps of an incoming email. */
export interface InboundMail {
  /** The sender's address, normalised (trimmed, lower case). */
  readonly from: string;
  readonly fromName: string | undefined;
  readonly to: string[];
  readonly subject: string;
  /** The plain-text body (derived from HTML when there is no text part), cut to MAX_TEXT. */
  readonly text: string;
  readonly messageId: string | undefined;
  readonly inReplyTo: string | undefined;
  /** Message-IDs this mail answers, nearest first: In-Reply-To, then References newest first. */
  readonly threadIds: string[];
  readonly attachments: string[];
  /**
   * SHA-256 of what the message says: sender, recipients, date, subject, bodies and attachments.
   * Not of its bytes, which relays change (Received headers), so two deliveries of one message
   * without a Message-ID still have one identity.
   */
  readonly contentHash: string;
}

/** Event data is stored and shown in the journal; a long body is cut there, not refused. */
export const MAX_TEXT = 100_000;

const addresses = (field: AddressObject | AddressObject[] | undefined): { address: string; name: string }[] =>
  (Array.isArray(field) ? field : field === undefined ? [] : [field]).flatMap((object) =>
    object.value.flatMap((entry) => [
      ...(entry.address === undefined ? [] : [{ address: entry.address, name: entry.name }]),
      ...addresses(entry.group === undefined ? undefined : { value: entry.group, html: '', text: '' }),
    ]),
  );

/** Parses a raw MIME message (RFC 5322) with mailparser; a message without a sender is refused. */
export async function readInboundMail(raw: Buffer | string): Promise<InboundMail> {
  const mail = await simpleParser(raw, { skipImageLinks: true, maxHtmlLengthToParse: 5 * 1024 * 1024 });
  const sender = addresses(mail.from)[0];
  if (sender === undefined || !isEmail(sender.address)) {
    throw invalid('/body', 'the message has no valid From address', 'invalid_email_message');
  }
  const references = typeof mail.references === 'string' ? [mail.references] : (mail.references ?? []);
  const threadIds = [...(mail.inReplyTo === undefined ? [] : [mail.inReplyTo]), ...references.toReversed()];
  const text = mail.text ?? '';
  return {
    from: normalizeEmail(sender.address),
    fromName: sender.name === '' ? undefined : sender.name,
    to: addresses(mail.to).map((entry) => normalizeEmail(entry.address)),
    subject: mail.subject ?? '',
    text: text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text,
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo,
    threadIds: [...new Set(threadIds.flatMap((id) => id.split(/\s+/)).filter((id) => id !== ''))],
    attachments: mail.attachments.map(
      (attachment, index) => attachment.filename ?? `attachment-${index + 1}`,
    ),
    contentHash: contentHash(mail),
  };
}

function contentHash(mail: ParsedMail): string {
  const content = [
    addresses(mail.from).map((entry) => normalizeEmail(entry.address)),
    addresses(mail.to).map((entry) => normalizeEmail(entry.address)),
    addresses(mail.cc).map((entry) => normalizeEmail(entry.address)),
    mail.date?.toISOString() ?? null,
    mail.subject ?? '',
    mail.text ?? '',
    typeof mail.html === 'string' ? mail.html : '',
    mail.attachments.map((attachment) => [attachment.filename ?? null, attachment.checksum]),
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}
