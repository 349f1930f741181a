import { invalid } from '../../domain/errors.ts';
import type { Localized } from '../../domain/localized.ts';
import { type NotificationKind, planEmail } from '../../domain/notification-preferences.ts';
import type { Notification } from '../../domain/work.ts';
import type { NotificationsPort } from '../actions/action-ports.ts';
import type { EngineContext } from '../engine-context.ts';

export interface NotifyUserInput {
  readonly userId: string;
  /** Decides the email, through the user's preference for this kind. */
  readonly kind: NotificationKind;
  /**
   * Cut by the caller; at most 500 characters is what the UI shows whole. Words of Stageflow's
   * own (not a person's template) come in every language: the user's language is chosen.
   */
  readonly title: string | Localized;
  readonly body: string | Localized;
  /** The item it is about: the email links to `/items/{itemId}` in the web UI. */
  readonly itemId?: string | null | undefined;
  /**
   * Where the email's link leads instead: a path of the web UI (`/approvals/…`) or an absolute
   * URL. Default: the item's page, or no link without an item.
   */
  readonly link?: string | null | undefined;
  /**
   * `false`: the in-app notification only, whatever the user's preference for `kind` says. For
   * what is mailed by its own mail already (an approval's request carries signed links).
   * Default: the email the preference asks for.
   */
  readonly email?: boolean | undefined;
}

/**
 * Tells a user something: the in-app notification (always, live through the change feed) and,
 * as the user's preference for `kind` asks, an email at once or in the hourly digest, queued in
 * the same transaction, so the email goes out exactly when the notification was committed.
 * Every part of the engine that tells people something calls this (robots, failed runs, refused
 * moves, approvals). The caller wakes the worker once it committed (a run does so already); the
 * worker sends the mail (automation/notification-mail.ts).
 */
export async function notifyUser(
  tx: { readonly notifications: NotificationsPort },
  input: NotifyUserInput,
  now: Date,
): Promise<Notification> {
  const preferences = await tx.notifications.preferencesOf(input.userId);
  const inLanguage = (text: string | Localized) =>
    typeof text === 'string' ? text : text[preferences.language];
  return tx.notifications.create(
    {
      userId: input.userId,
      kind: input.kind,
      title: inLanguage(input.title),
      body: inLanguage(input.body),
      itemId: input.itemId ?? null,
      link: input.link ?? null,
      email: input.email === false ? undefined : planEmail(preferences.email[input.kind], now),
    },
    now,
  );
}

/**
 * A notification sent through the API (`POST /api/v1/notifications`): the user and the item must
 * exist. Committed in one transaction with its email; the mail worker is woken afterwards.
 */
export async function sendNotification(
  context: EngineContext,
  input: NotifyUserInput,
): Promise<Notification> {
  const notification = await context.store.transaction(async (tx) => {
    if ((await tx.users.find(input.userId)) === undefined) {
      throw invalid('/body/userId', `user ${input.userId} does not exist`);
    }
    if (input.itemId != null && (await tx.items.find(input.itemId)) === undefined) {
      throw invalid('/body/itemId', `item ${input.itemId} does not exist`);
    }
    return notifyUser(tx, input, context.clock.now());
  });
  context.wake('runs');
  return notification;
}
