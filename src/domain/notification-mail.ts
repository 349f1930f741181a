import type { Language } from './localized.ts';

/**
 * The text of the emails that carry notifications: one notification (sent at once) or a digest
 * of several, in the recipient's language, with times in the recipient's time zone and a link to
 * what each notification is about.
 */

export interface MailedNotification {
  readonly title: string;
  readonly body: string;
  /** Absolute URL of what the notification is about; null when it is about nothing in particular. */
  readonly url: string | null;
  readonly createdAt: string;
}

export interface NotificationMailInput {
  readonly language: Language;
  /** IANA time zone the times are written in. */
  readonly timeZone: string;
  /** One for a notification sent at once, any number for a digest. */
  readonly notifications: readonly MailedNotification[];
  readonly digest: boolean;
}

export interface NotificationMailText {
  readonly subject: string;
  readonly text: string;
}

const WORDS = {
  en: {
    open: 'Open',
    at: 'Received',
    digestIntro: 'Your notifications of the last hour:',
    digestSubject: (count: number) =>
      `Stageflow: ${count} new ${count === 1 ? 'notification' : 'notifications'}`,
    footer: 'You receive this email because of your notification preferences in Stageflow.',
  },
  ru: {
    open: 'Открыть',
    at: 'Получено',
    digestIntro: 'Ваши уведомления за последний час:',
    digestSubject: (count: number) => `Stageflow: ${count} ${russianPlural(count)}`,
    footer: 'Вы получили это письмо согласно своим настройкам уведомлений в Stageflow.',
  },
} as const;

function russianPlural(count: number): string {
  const forms: Record<string, string> = {
    one: 'новое уведомление',
    few: 'новых уведомления',
    many: 'новых уведомлений',
    other: 'новых уведомления',
  };
  return forms[new Intl.PluralRules('ru').select(count)] ?? 'новых уведомлений';
}

/** A moment as the recipient reads it: date and time in their zone, with the zone named. */
export function formatMailTime(iso: string, language: Language, timeZone: string): string {
  const format = new Intl.DateTimeFormat(language === 'ru' ? 'ru-RU' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone,
  });
  return `${format.format(new Date(iso))} (${timeZone})`;
}

export function composeNotificationMail(input: NotificationMailInput): NotificationMailText {
  const words = WORDS[input.language];
  const blocks = input.notifications.map((notification) => {
    const lines = [notification.title];
    if (notification.body !== '') lines.push(notification.body);
    lines.push(`${words.at}: ${formatMailTime(notification.createdAt, input.language, input.timeZone)}`);
    if (notification.url !== null) lines.push(`${words.open}: ${notification.url}`);
    return lines.join('\n');
  });
  const first = input.notifications[0];
  if (!input.digest && first !== undefined) {
    return { subject: first.title, text: `${blocks.join('\n\n')}\n\n-- \n${words.footer}\n` };
  }
  return {
    subject: words.digestSubject(input.notifications.length),
    text: `${words.digestIntro}\n\n${blocks.join('\n\n')}\n\n-- \n${words.footer}\n`,
  };
}
