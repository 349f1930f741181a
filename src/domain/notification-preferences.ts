import { LANGUAGES, type Language } from './localized.ts';

/**
 * How a user wants to hear about their notifications: the language of the mail, and per kind of
 * notification whether an email goes out at once, in an hourly digest, or not at all. In-app
 * notifications are always created; these preferences only decide the email.
 */

/**
 * What a notification is about; stored with it, never renamed, only added.
 * `robot`: a `notify` robot; `task`: a task of the user (assigned, overdue); `approval`: a request
 * to approve or reject; `system`: the engine telling the responsible user (a robot failed, a move
 * was refused); `other`: anything else (sent through the API).
 */
export const NOTIFICATION_KINDS = ['robot', 'task', 'approval', 'system', 'other'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** `immediately`: one email per notification; `hourly`: one digest per hour; `off`: no email. */
export const EMAIL_DELIVERIES = ['immediately', 'hourly', 'off'] as const;
export type EmailDelivery = (typeof EMAIL_DELIVERIES)[number];

export type EmailPreferences = Readonly<Record<NotificationKind, EmailDelivery>>;

export interface NotificationPreferences {
  readonly language: Language;
  readonly email: EmailPreferences;
}

/**
 * What a user who never chose has: English, no email for any kind (mail starts only when the
 * user, or an admin for them, asks for it).
 */
export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = {
  language: 'en',
  email: { robot: 'off', task: 'off', approval: 'off', system: 'off', other: 'off' },
};

export const isNotificationKind = (value: unknown): value is NotificationKind =>
  (NOTIFICATION_KINDS as readonly unknown[]).includes(value);

const isDelivery = (value: unknown): value is EmailDelivery =>
  (EMAIL_DELIVERIES as readonly unknown[]).includes(value);

const isLanguage = (value: unknown): value is Language => (LANGUAGES as readonly unknown[]).includes(value);

/**
 * Stored or sent preferences over the defaults: a kind that is missing (one added after the user
 * chose) or unreadable keeps its default.
 */
export function preferencesFrom(language: unknown, email: unknown): NotificationPreferences {
  const chosen = typeof email === 'object' && email !== null ? (email as Record<string, unknown>) : {};
  const merged = { ...DEFAULT_NOTIFICATION_PREFERENCES.email } as Record<NotificationKind, EmailDelivery>;
  for (const kind of NOTIFICATION_KINDS) {
    const delivery = chosen[kind];
    if (isDelivery(delivery)) merged[kind] = delivery;
  }
  return {
    language: isLanguage(language) ? language : DEFAULT_NOTIFICATION_PREFERENCES.language,
    email: merged,
  };
}

/** The email a new notification waits for: when it is due and how it goes, or none. */
export interface PlannedEmail {
  readonly mode: 'immediately' | 'hourly';
  readonly dueAt: Date;
}

const HOUR = 3_600_000;

/**
 * The email planned for a notification created at `now`: at once, or with the digest of the hour
 * it falls in, sent at the next full hour (UTC); none when the kind is off.
 */
export function planEmail(delivery: EmailDelivery, now: Date): PlannedEmail | undefined {
  if (delivery === 'off') return undefined;
  if (delivery === 'immediately') return { mode: 'immediately', dueAt: now };
  return { mode: 'hourly', dueAt: new Date(Math.floor(now.getTime() / HOUR) * HOUR + HOUR) };
}
