import { Type } from 'typebox';
import { isPhone } from '../../domain/contact-channels.ts';
import { AppError } from '../../domain/errors.ts';
import { actionFailed, MAX_TEMPLATE_SOURCE, renderText } from './action-support.ts';
import { type ActionContext, defineAction } from './define-action.ts';

/** Longest SMS text sent; longer rendered text is cut (providers split long texts into parts). */
const MAX_SMS_TEXT = 1_600;

/**
 * An SMS about the item, through the configured provider (or the SMS outbox without one). One
 * message per run: the run id is the idempotency key the provider and the outbox see. Users have
 * no phone number in Stageflow, so the recipient is the item's contact or a number (a template).
 */
export const sendSmsAction = defineAction({
  type: 'send_sms',
  description: "Sends an SMS to the item's contact or to a phone number",
  params: Type.Object(
    {
      to: Type.Union(
        [
          Type.Literal('contact', { description: "The item's contact, first phone" }),
          Type.Object(
            { phone: Type.String({ minLength: 1, maxLength: 500, description: 'Template; a phone number' }) },
            { additionalProperties: false },
          ),
        ],
        { description: '"contact" (the item\'s contact, first phone) or {"phone": "<template>"}' },
      ),
      text: Type.String({ minLength: 1, maxLength: MAX_TEMPLATE_SOURCE, description: 'Template' }),
    },
    { additionalProperties: false },
  ),
  templateParams: ['text'],
  external: true,

  async validate(params, context, pointer) {
    return typeof params.to === 'object'
      ? context.validateTemplate(params.to.phone, `${pointer}/to/phone`)
      : [];
  },

  async run(params, ctx) {
    const sms = ctx.outside.sms;
    if (sms === undefined) {
      throw new AppError('sms_unavailable', 'internal', 'No SMS sender is configured', { retryable: false });
    }
    const to = await recipient(params.to, ctx);
    const text = await renderText(ctx, params.text, {
      name: 'text',
      maxLength: MAX_SMS_TEXT,
      required: true,
    });
    const sent = await sms.send(
      { to, text, idempotencyKey: ctx.idempotencyKey, itemId: ctx.item.id },
      ctx.abortSignal,
    );
    return {
      changes: {
        to,
        transport: sent.transport,
        ...(sent.response !== undefined && { response: sent.response }),
      },
    };
  },
});

async function recipient(to: 'contact' | { phone: string }, ctx: ActionContext): Promise<string> {
  let phone: string | undefined;
  if (to === 'contact') {
    const contact = ctx.item.contactId === null ? undefined : await ctx.tx.contacts.find(ctx.item.contactId);
    phone = contact?.phones[0];
    if (phone === undefined)
      throw actionFailed('sms_no_recipient', 'The item has no contact with a phone number');
  } else {
    phone = (await ctx.templates.render(to.phone, ctx.facts)).trim();
  }
  if (!isPhone(phone)) {
    throw actionFailed('sms_phone_invalid', `"${phone.slice(0, 40)}" is not a phone number`, { param: 'to' });
  }
  // E.164 where it can be read (a national number in the default region), else the digits.
  return ctx.phones.key(phone);
}
