import { type Static, Type } from 'typebox';
import { AppError } from '../../domain/errors.ts';
import { actionFailed, clip, MAX_TEMPLATE_SOURCE, renderText, TEXT_LIMITS } from './action-support.ts';
import { type ActionContext, defineAction } from './define-action.ts';
import { AttachmentsSchema, emailAttachments, validateAttachments } from './email-attachments.ts';

/** Who receives the mail: the item's contact, its responsible user, their supervisor, or an address. */
const RecipientSchema = Type.Union(
  [
    Type.Literal('contact'),
    Type.Literal('responsible'),
    Type.Literal('supervisor'),
    Type.Object(
      { address: Type.String({ minLength: 1, maxLength: MAX_TEMPLATE_SOURCE, description: 'Template' }) },
      { additionalProperties: false },
    ),
  ],
  {
    description:
      '"contact" (the item\'s contact, first email), "responsible", "supervisor" or {"address": "<template>"}',
  },
);
type Recipient = Static<typeof RecipientSchema>;

/** Longest plain-text body sent; longer rendered text is cut. Unit: characters. */
const MAX_TEXT = 100_000;

/** One Message-ID per run: every attempt of the run sends the same message, never a second one. */
const messageIdOf = (runId: string): string => `<run-${runId}@stageflow>`;

/**
 * An email about the item, through the configured mailer (SMTP, or the local outbox without
 * SMTP_URL). Runs outside the database transaction, keyed by the run id.
 */
export const sendEmailAction = defineAction({
  type: 'send_email',
  description: "Sends an email to the item's contact, its responsible user, their supervisor or an address",
  params: Type.Object(
    {
      to: RecipientSchema,
      subject: Type.String({ minLength: 1, maxLength: MAX_TEMPLATE_SOURCE, description: 'Template' }),
      text: Type.String({ minLength: 1, maxLength: MAX_TEMPLATE_SOURCE, description: 'Template' }),
      html: Type.Optional(
        Type.String({ maxLength: MAX_TEMPLATE_SOURCE, description: 'Template, HTML-escaped' }),
      ),
      replyTo: Type.Optional(
        Type.String({ minLength: 1, maxLength: MAX_TEMPLATE_SOURCE, description: 'Template' }),
      ),
      track: Type.Optional(Type.Boolean({ description: 'Open pixel and rewritten links. Default: true' })),
      attachments: Type.Optional(AttachmentsSchema),
    },
    { additionalProperties: false },
  ),
  templateParams: ['subject', 'text', 'html', 'replyTo'],
  external: true,

  async validate(params, _context, pointer) {
    return validateAttachments(params.attachments ?? [], `${pointer}/attachments`);
  },

  async run(params, ctx) {
    const mailer = ctx.outside.mailer;
    if (mailer === undefined) {
      throw new AppError('mailer_missing', 'internal', 'No mailer is configured', { retryable: false });
    }
    const to = await recipient(params.to, ctx);
    const subject = oneLine(await renderText(ctx, params.subject, TEXT_LIMITS.subject));
    const text = clip(await ctx.templates.render(params.text, ctx.facts), MAX_TEXT);
    const html = params.html === undefined ? undefined : await renderHtml(ctx, params.html);
    const replyTo =
      params.replyTo === undefined
        ? undefined
        : address(await ctx.templates.render(params.replyTo, ctx.facts), 'replyTo');
    const attachments = await emailAttachments(params.attachments ?? [], ctx);
    const messageId = messageIdOf(ctx.idempotencyKey);
    const sent = await mailer.send(
      {
        messageId,
        to: [to],
        replyTo,
        subject,
        text,
        html,
        itemId: ctx.item.id,
        runId: ctx.run.id,
        track: params.track !== false,
        ...(attachments.length > 0 && { attachments }),
      },
      ctx.abortSignal,
    );
    await recordSent(ctx, { to, subject, messageId });
    const attached = attachments.map((file) => file.filename);
    return {
      changes: {
        messageId,
        to,
        subject,
        transport: sent.transport,
        ...(attached.length > 0 && { attachments: attached }),
      },
    };
  },
});

/** The `email.sent` event and the timeline entry; the event's id makes a retry write neither twice. */
async function recordSent(
  ctx: ActionContext,
  mail: { to: string; subject: string; messageId: string },
): Promise<void> {
  const now = ctx.clock.now();
  const inserted = await ctx.tx.events.insert(
    {
      id: `email.sent:${ctx.run.id}`,
      type: 'email.sent',
      source: 'stageflow',
      occurredAt: now,
      subject: { itemId: ctx.item.id },
      data: { to: [mail.to], subject: mail.subject, messageId: mail.messageId },
      rootEventId: ctx.run.rootEventId ?? undefined,
      depth: ctx.run.depth + 1,
      causeRunId: ctx.run.id,
    },
    now,
  );
  if (!inserted) return;
  await ctx.tx.timeline.add(
    {
      itemId: ctx.item.id,
      kind: 'email_sent',
      text: `Email "${mail.subject}" sent to ${mail.to}`,
      data: { messageId: mail.messageId, to: [mail.to], subject: mail.subject, runId: ctx.run.id },
      author: ctx.author,
      rootEventId: ctx.run.rootEventId,
    },
    now,
  );
}

async function recipient(to: Recipient, ctx: ActionContext): Promise<string> {
  if (typeof to === 'object') return address(await ctx.templates.render(to.address, ctx.facts), 'to');
  if (to === 'contact') {
    const contact = ctx.item.contactId === null ? undefined : await ctx.tx.contacts.find(ctx.item.contactId);
    const email = contact?.emails[0];
    if (contact === undefined || email === undefined) {
      throw actionFailed('email_no_recipient', 'The item has no contact with an email address');
    }
    return mailbox(contact.name, address(email, 'to'));
  }
  const user = to === 'responsible' ? ctx.responsible : ctx.supervisor;
  if (user === undefined) {
    throw actionFailed('email_no_recipient', `The item has no ${to} user to send the email to`);
  }
  return mailbox(user.name, address(user.email, 'to'));
}

async function renderHtml(ctx: ActionContext, source: string): Promise<string> {
  if (ctx.templates.renderHtml === undefined) {
    throw new AppError('html_templates_missing', 'internal', 'The template engine cannot render HTML', {
      retryable: false,
    });
  }
  return ctx.templates.renderHtml(source, ctx.facts);
}

/** Control characters (CR and LF above all) and Unicode line separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const BREAKS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

const oneLine = (text: string): string => text.replace(BREAKS, ' ').trim();

/** A rendered address must be exactly one clean address: a line break in it is an injection. */
function address(rendered: string, param: string): string {
  const text = rendered.trim();
  if (new RegExp(BREAKS.source).test(text) || !/^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/.test(text)) {
    throw actionFailed(
      'email_address_invalid',
      `The ${param} address "${oneLine(text)}" is not one email address`,
      {
        param,
      },
    );
  }
  return text;
}

/** `"Name" <address>`; the name flattened to one line and quoted. */
const mailbox = (name: string, email: string): string =>
  `"${oneLine(name).replace(/["\\]/g, '\\$&')}" <${email}>`;
