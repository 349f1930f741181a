import { notFound } from '../../domain/errors.ts';
import type { Language } from '../../domain/localized.ts';
import type {
  EmailDelivery,
  NotificationKind,
  NotificationPreferences,
} from '../../domain/notification-preferences.ts';
import type { User } from '../../domain/user.ts';
import type { EngineContext } from '../engine-context.ts';

/** What reading preferences needs (the store's users and notifications repositories). */
export interface PreferencesReadPorts {
  readonly users: { find(id: string): Promise<User | undefined> };
  readonly notifications: { preferencesOf(userId: string): Promise<NotificationPreferences> };
}

export interface PreferencesChange {
  readonly language?: Language | undefined;
  /** Only the kinds named change. */
  readonly email?: Partial<Record<NotificationKind, EmailDelivery>> | undefined;
}

/** A user's preferences; the defaults when they never chose. A missing user is not found. */
export async function readNotificationPreferences(
  ports: PreferencesReadPorts,
  userId: string,
): Promise<NotificationPreferences> {
  if ((await ports.users.find(userId)) === undefined) throw notFound('user', userId);
  return ports.notifications.preferencesOf(userId);
}

/**
 * Changes what the change names and keeps the rest. Read and written in one transaction with the
 * preferences locked: two changes at once naming different kinds both stay (read outside it, the
 * later write would put back what the earlier one changed). Notifications created before keep
 * the email they were given; the new preferences decide for those created from now on.
 */
export function updateNotificationPreferences(
  context: EngineContext,
  userId: string,
  change: PreferencesChange,
): Promise<NotificationPreferences> {
  return context.store.transaction(async (tx) => {
    const current = await tx.notifications.preferencesForUpdate(userId);
    if (current === undefined) throw notFound('user', userId);
    const email = { ...current.email };
    for (const [kind, delivery] of Object.entries(change.email ?? {}) as [
      NotificationKind,
      EmailDelivery,
    ][]) {
      if (delivery !== undefined) email[kind] = delivery;
    }
    return tx.notifications.savePreferences(
      userId,
      { language: change.language ?? current.language, email },
      context.clock.now(),
    );
  });
}
