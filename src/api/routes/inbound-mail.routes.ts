import { type InboundMail, readInboundMail } from '../../channels/inbound-mail/read-inbound-mail.ts';
import { invalid } from '../../domain/errors.ts';
import type { EventSubject } from '../../domain/events/event.ts';
import { findUnstorable } from '../../domain/storable-input.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { responses } from '../schemas/common.ts';
import {
  InboundEmailAnswerSchema,
  InboundEmailJsonSchema,
  MAX_EMAIL_BYTES,
  RawEmailSchema,
} from '../schemas/inbound.ts';

const RFC822 = 'message/rfc822';

interface Match {
  readonly matchedBy: 'thread' | 'sender' | 'new_lead' | 'none';
  readonly subject: EventSubject;
  readonly itemId: string | null;
  readonly contactId: string | null;
}

/**
 * Ties a mail to items: a reply to the item of the mail it answers; otherwise the sender's
 * contact and its items; an unknown sender (or a contact without items) becomes a contact and a
 * lead in the pipeline configured for it, when there is one.
 */
async function match(context: AppContext, mail: InboundMail): Promise<Match> {
  const { repos, engine } = context;
  const threaded = await repos.inbound.findItemByMessageIds(mail.threadIds);
  const known = (await repos.contacts.list({ email: mail.from }, { limit: 1 })).data[0];
  if (threaded !== undefined) {
    return {
      matchedBy: 'thread',
      subject: { itemId: threaded },
      itemId: threaded,
      contactId: known?.id ?? null,
    };
  }
  const subject = { email: mail.from };
  if (known !== undefined && (await repos.items.resolveSubject(subject)).length > 0) {
    return { matchedBy: 'sender', subject, itemId: null, contactId: known.id };
  }
  const pipelineId = await repos.inbound.findLeadPipelineId();
  if (pipelineId === undefined)
    return { matchedBy: 'none', subject, itemId: null, contactId: known?.id ?? null };
  const now = context.clock.now();
  const contact =
    known ?? (await repos.contacts.create({ name: mail.fromName ?? mail.from, emails: [mail.from] }, now));
  const item = await engine.createItem(
    {
      pipelineId,
      title: (mail.subject.trim() || `Email from ${mail.from}`).slice(0, 200),
      contactId: contact.id,
      amountMinor: 0,
    },
    { type: 'system', id: null },
  );
  return { matchedBy: 'new_lead', subject: { itemId: item.id }, itemId: item.id, contactId: contact.id };
}

export function registerInboundMailRoutes(app: App, context: AppContext): void {
  const { repos, engine, clock, ids } = context;
  // Only this route takes raw mail, with its own size limit; the API's JSON limit stays 1 MiB.
  app.addContentTypeParser(
    RFC822,
    { parseAs: 'buffer', bodyLimit: MAX_EMAIL_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/api/v1/inbound/email',
    {
      bodyLimit: MAX_EMAIL_BYTES,
      schema: {
        tags: ['inbound'],
        summary: 'Take in a raw email (MIME)',
        description:
          'The body is the message itself (Content-Type: message/rfc822, at most 10 MiB), or JSON {"raw": "..."}. ' +
          'A reply (In-Reply-To/References) goes to the item of the mail it answers; otherwise the sender is ' +
          'matched to a contact by address. An unknown sender becomes a contact and a lead in the pipeline whose ' +
          'settings say {"inbound": {"createLeads": true}}. The result is an email.received event with the ' +
          'subject, the text and the attachment names; the same Message-ID again is a duplicate.',
        body: {
          content: {
            [RFC822]: { schema: RawEmailSchema },
            'application/json': { schema: InboundEmailJsonSchema },
          },
        },
        response: responses({ 202: InboundEmailAnswerSchema }),
      },
    },
    async (request, reply) => {
      const body = request.body as Buffer | { raw: string };
      const mail = await readInboundMail(Buffer.isBuffer(body) ? body : body.raw);
      // Encoded words and transfer encodings (=00) decode to what the edge check could not see.
      const unstorable = findUnstorable(mail, '/body');
      if (unstorable !== undefined) {
        throw invalid(unstorable.field, `decoded from the message, ${unstorable.message}`, 'unstorable_text');
      }
      const key = mail.messageId === undefined ? ids() : mail.messageId.replace(/^<|>$/g, '');
      const id = `email:${key}`.slice(0, 200);
      // A second delivery of the same message must not create a second lead.
      if (await repos.inbound.eventExists(id)) {
        return reply
          .status(202)
          .send({ id, status: 'duplicate', matchedBy: 'none', itemId: null, contactId: null });
      }
      const matched = await match(context, mail);
      const [result] = await engine.accept([
        {
          id,
          type: 'email.received',
          source: 'email',
          occurredAt: clock.now(),
          subject: matched.subject,
          data: {
            from: mail.from,
            to: mail.to,
            subject: mail.subject,
            text: mail.text,
            ...(mail.messageId !== undefined && { messageId: mail.messageId }),
            ...(mail.inReplyTo !== undefined && { inReplyTo: mail.inReplyTo }),
            attachments: mail.attachments,
          },
        },
      ]);
      return reply.status(202).send({
        id: result?.id ?? id,
        status: result?.status ?? 'accepted',
        matchedBy: matched.matchedBy,
        itemId: matched.itemId,
        contactId: matched.contactId,
      });
    },
  );
}
