import { notFound } from '../../domain/errors.ts';
import type { Language } from '../../domain/localized.ts';
import type {
  EmailDelivery,
  NotificationKind,
  NotificationPreferences,
} from '../../domain/notification-preferences.ts';
import type { User } from '../../domain/user.ts';

/** What reading and changing preferences needs (the store's users and notifications repositories). */
export interface PreferencesPorts {
  readonly users: { find(id: string): Promise<User | undefined> };
  readonly notifications: {
    preferencesOf(userId: string): Promise<NotificationPreferences>;
    savePreferences(
      userId: string,
      preferences: NotificationPreferences,
      now: Date,
    ): Promise<NotificationPreferences>;
  };
}

export interface PreferencesChange {
  readonly language?: Language | undefined;
  /** Only the kinds named change. */
  readonly email?: Partial<Record<NotificationKind, EmailDelivery>> | undefined;
}

/** A user's preferences; the defaults when they never chose. A missing user is not found. */
export async function readNotificationPreferences(
  ports: PreferencesPorts,
  userId: string,
): Promise<NotificationPreferences> {
  if ((await ports.users.find(userId)) === undefined) throw notFound('user', userId);
  return ports.notifications.preferencesOf(userId);
}

/**
 * Changes what the change names and keeps the rest. Notifications created before keep the email
 * they were given; the new preferences decide for those created from now on.
 */
export async function updateNotificationPreferences(
  ports: PreferencesPorts,
  userId: string,
  change: PreferencesChange,
  now: Date,
): Promise<NotificationPreferences> {
  const current = await readNotificationPreferences(ports, userId);
  const email = { ...current.email };
  for (const [kind, delivery] of Object.entries(change.email ?? {}) as [NotificationKind, EmailDelivery][]) {
    if (delivery !== undefined) email[kind] = delivery;
  }
  return ports.notifications.savePreferences(
    userId,
    { language: change.language ?? current.language, email },
    now,
  );
}
