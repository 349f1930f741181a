import { Type } from 'typebox';
import type { User } from '../../domain/user.ts';
import { notifyUser } from '../commands/notify-user.ts';
import { MAX_TEMPLATE_SOURCE, renderText, TEXT_LIMITS } from './action-support.ts';
import { defineAction } from './define-action.ts';
import { describeUserRef, resolveUserRef, UserRefSchema, validateUserRefs } from './user-refs.ts';

/**
 * A notification to people around the item (in the app, and by email as each one's preferences
 * ask), e.g. S1: "notify the responsible manager's
 * supervisor with the deal title, client and amount". Each person gets one notification even
 * when several references name them; a reference that names nobody is skipped and reported, so
 * the others are still told.
 */
export const notifyAction = defineAction({
  type: 'notify',
  description:
    "Notifies the item's responsible user, their supervisor or named users: in the app, and by email as each one's preferences ask",
  params: Type.Object(
    {
      to: Type.Array(UserRefSchema, {
        minItems: 1,
        maxItems: 20,
        description: 'Recipients, each a person reference; a person named twice is notified once',
      }),
      title: Type.String({
        minLength: 1,
        maxLength: MAX_TEMPLATE_SOURCE,
        description: 'Template: the notification title (cut at 500 characters)',
      }),
      body: Type.String({
        maxLength: MAX_TEMPLATE_SOURCE,
        description: 'Template: the notification text. Required; "" for a title-only notification',
      }),
    },
    { additionalProperties: false },
  ),
  templateParams: ['title', 'body'],
  external: false,

  validate: (params, context, pointer) => validateUserRefs(params.to, context, `${pointer}/to`),

  async run(params, ctx) {
    const recipients = new Map<string, User>();
    const skipped: { recipient: string; reason: string }[] = [];
    for (const ref of params.to) {
      const resolved = await resolveUserRef(ref, ctx);
      if ('user' in resolved) recipients.set(resolved.user.id, resolved.user);
      else skipped.push({ recipient: describeUserRef(ref), reason: resolved.reason });
    }
    const notificationIds: string[] = [];
    if (recipients.size > 0) {
      const title = await renderText(ctx, params.title, TEXT_LIMITS.title);
      const body = await renderText(ctx, params.body, TEXT_LIMITS.body);
      const now = ctx.clock.now();
      for (const user of recipients.values()) {
        const notification = await notifyUser(
          ctx.tx,
          { userId: user.id, kind: 'robot', title, body, itemId: ctx.item.id },
          now,
        );
        notificationIds.push(notification.id);
      }
    }
    return {
      changes: {
        notificationIds,
        recipientIds: [...recipients.keys()],
        ...(skipped.length > 0 && { skipped }),
      },
    };
  },
});
