import type { Kysely } from 'kysely';
import type {
  EmailOutcome,
  NotificationMailQueue,
  TakenNotificationEmail,
} from '../../automation/notification-mail.ts';
import { asLanguage } from '../../domain/localized.ts';
import { fromBool, toTimestamp } from '../columns.ts';
import type { Database } from '../schema.ts';
import { inOwnTransaction } from '../transaction.ts';

/** The queue of notification mail (migration 0023), as the worker's NotificationMail reads it. */
export class NotificationEmailsRepository implements NotificationMailQueue {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async due(now: Date, limit: number): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('notificationEmails')
      .select('id')
      .where('status', '=', 'pending')
      .where('dueAt', '<=', toTimestamp(now))
      .orderBy('dueAt')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }

  async take(id: string, now: Date, leaseUntil: Date): Promise<TakenNotificationEmail | undefined> {
    // The conditional update is the claim: of two workers only one moves a due email's time on.
    const claimed = await this.#db
      .updateTable('notificationEmails')
      .set({ dueAt: toTimestamp(leaseUntil) })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('dueAt', '<=', toTimestamp(now))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return undefined;
    const email = await this.#db
      .selectFrom('notificationEmails')
      .innerJoin('users', 'users.id', 'notificationEmails.userId')
      .leftJoin('notificationPreferences', 'notificationPreferences.userId', 'notificationEmails.userId')
      .select([
        'notificationEmails.id',
        'notificationEmails.mode',
        'notificationEmails.attempts',
        'users.email',
        'users.timeZone',
        'users.active',
        'notificationPreferences.language',
      ])
      .where('notificationEmails.id', '=', id)
      .executeTakeFirst();
    if (email === undefined) return undefined;
    const notifications = await this.#db
      .selectFrom('notifications')
      .select(['title', 'body', 'itemId', 'link', 'createdAt'])
      .where('emailId', '=', id)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
    return {
      id: email.id,
      mode: email.mode === 'hourly' ? 'hourly' : 'immediately',
      attempts: email.attempts,
      recipient: {
        email: email.email,
        timeZone: email.timeZone,
        active: fromBool(email.active),
        language: asLanguage(email.language ?? 'en'),
      },
      notifications,
    };
  }

  async record(id: string, outcome: EmailOutcome): Promise<void> {
    const error = outcome.status === 'sent' ? null : outcome.error.slice(0, 2000);
    const sentAt = outcome.status === 'sent' ? toTimestamp(outcome.at) : null;
    await inOwnTransaction(this.#db, async (trx) => {
      await trx
        .updateTable('notificationEmails')
        .set({
          status: outcome.status,
          attempts: outcome.attempts,
          lastError: error,
          sentAt,
          ...(outcome.status === 'pending' && { dueAt: toTimestamp(outcome.dueAt) }),
        })
        .where('id', '=', id)
        .execute();
      // Copied onto the notifications, whose changes the live views follow.
      await trx
        .updateTable('notifications')
        .set({
          emailStatus: outcome.status,
          emailAttempts: outcome.attempts,
          emailError: error,
          emailSentAt: sentAt,
        })
        .where('emailId', '=', id)
        .execute();
    });
  }

  async nextDueAt(): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('notificationEmails')
      .select((eb) => eb.fn.min('dueAt').as('next'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return row?.next ?? undefined;
  }
}
