import type { Kysely, Selectable } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import { notFound } from '../../domain/errors.ts';
import {
  DEFAULT_NOTIFICATION_PREFERENCES,
  isNotificationKind,
  type NotificationKind,
  type NotificationPreferences,
  type PlannedEmail,
  preferencesFrom,
} from '../../domain/notification-preferences.ts';
import type { Notification } from '../../domain/work.ts';
import { fromBool, fromJson, toJson, toTimestamp } from '../columns.ts';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { Database, NotificationsTable } from '../schema.ts';
import { inOwnTransaction } from '../transaction.ts';
import { deleteById } from '../versioned.ts';
import { EventsRepository } from './events-repository.ts';
import { findItemPlacement } from './tasks-repository.ts';

export interface NewNotification {
  readonly userId: string;
  readonly title: string;
  readonly body: string;
  readonly itemId?: string | null;
  /** Default: `other`. */
  readonly kind?: NotificationKind | undefined;
  readonly link?: string | null | undefined;
  /** The email to queue with it, in the same transaction. Default: none. */
  readonly email?: PlannedEmail | undefined;
}

export interface NotificationFilter {
  readonly userId?: string | undefined;
  readonly itemId?: string | undefined;
  /** true: only unread; false: only read. */
  readonly unread?: boolean | undefined;
}

export function toNotification(row: Selectable<NotificationsTable>): Notification {
  return {
    id: row.id,
    userId: row.userId,
    title: row.title,
    body: row.body,
    itemId: row.itemId,
    readAt: row.readAt,
    read: row.readAt !== null,
    createdAt: row.createdAt,
    kind: isNotificationKind(row.kind) ? row.kind : 'other',
    link: row.link,
    email:
      row.emailMode === null
        ? null
        : {
            mode: row.emailMode === 'hourly' ? 'hourly' : 'immediately',
            status: row.emailStatus === 'sent' || row.emailStatus === 'failed' ? row.emailStatus : 'pending',
            attempts: row.emailAttempts,
            lastError: row.emailError,
            sentAt: row.emailSentAt,
          },
  };
}

export class NotificationsRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;
  readonly #lockRows: boolean;

  /** `lockRows`: take row locks (PostgreSQL); SQLite serialises writing transactions anyway. */
  constructor(db: Kysely<Database>, ids: IdGenerator, lockRows = false) {
    this.#db = db;
    this.#ids = ids;
    this.#lockRows = lockRows;
  }

  async create(input: NewNotification, now: Date): Promise<Notification> {
    const id = this.#ids();
    await inOwnTransaction(this.#db, async (trx) => {
      // The email is queued with the notification: both are written or neither. A deactivated
      // user gets the notification in the app (it records what happened) but no email.
      const email =
        input.email !== undefined && (await isActive(trx, input.userId)) ? input.email : undefined;
      const emailId = email === undefined ? null : await queueEmail(trx, this.#ids, input.userId, email, now);
      await trx
        .insertInto('notifications')
        .values({
          id,
          userId: input.userId,
          title: input.title,
          body: input.body,
          itemId: input.itemId ?? null,
          readAt: null,
          createdAt: now.toISOString(),
          kind: input.kind ?? 'other',
          link: input.link ?? null,
          emailId,
          emailMode: email?.mode ?? null,
          emailStatus: email === undefined ? null : 'pending',
        })
        .execute();
      // The record webhook subscriptions read, written with the notification: neither goes alone.
      await new EventsRepository(trx).record(
        {
          id: this.#ids(),
          type: 'notification.created',
          source: 'stageflow',
          occurredAt: now,
          subject: input.itemId == null ? {} : { itemId: input.itemId },
          data: { notificationId: id, userId: input.userId, title: input.title, body: input.body },
        },
        now,
      );
    });
    return this.getOrThrow(id);
  }

  /** The user's notification preferences; the defaults when they never chose. */
  async preferencesOf(userId: string): Promise<NotificationPreferences> {
    const row = await this.#db
      .selectFrom('notificationPreferences')
      .select(['language', 'email'])
      .where('userId', '=', userId)
      .executeTakeFirst();
    return row === undefined
      ? DEFAULT_NOTIFICATION_PREFERENCES
      : preferencesFrom(row.language, fromJson(row.email, {}));
  }

  /**
   * The user's preferences, holding a lock until the transaction ends, so that changes of one
   * user's preferences are made one after the other and none overwrites another it did not read.
   * The lock is on the user's row: the preferences row may not exist yet, and a missing row locks
   * nothing. NO KEY UPDATE leaves rows that reference the user (notifications) free to be written.
   * Undefined when the user does not exist.
   */
  async preferencesForUpdate(userId: string): Promise<NotificationPreferences | undefined> {
    const query = this.#db.selectFrom('users').select('id').where('id', '=', userId);
    const user = await (this.#lockRows ? query.forNoKeyUpdate() : query).executeTakeFirst();
    if (user === undefined) return undefined;
    // Read after the lock is held, in a statement of its own: at read committed it sees what the
    // change that held the lock before committed (a join in the locking statement would not).
    return this.preferencesOf(userId);
  }

  async savePreferences(
    userId: string,
    preferences: NotificationPreferences,
    now: Date,
  ): Promise<NotificationPreferences> {
    const values = {
      language: preferences.language,
      email: toJson(preferences.email),
      updatedAt: toTimestamp(now),
    };
    await this.#db
      .insertInto('notificationPreferences')
      .values({ userId, ...values })
      .onConflict((oc) => oc.column('userId').doUpdateSet(values))
      .execute();
    return this.preferencesOf(userId);
  }

  async find(id: string): Promise<Notification | undefined> {
    const row = await this.#db
      .selectFrom('notifications')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toNotification(row);
  }

  async getOrThrow(id: string): Promise<Notification> {
    const notification = await this.find(id);
    if (notification === undefined) throw notFound('notification', id);
    return notification;
  }

  async list(filter: NotificationFilter, page: PageRequest): Promise<Page<Notification>> {
    const limit = pageSize(page);
    let query = this.#db
      .selectFrom('notifications')
      .selectAll()
      .orderBy('id')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '>', decodeCursor(page.cursor));
    if (filter.userId !== undefined) query = query.where('userId', '=', filter.userId);
    if (filter.itemId !== undefined) query = query.where('itemId', '=', filter.itemId);
    if (filter.unread !== undefined) {
      query = query.where('readAt', filter.unread ? 'is' : 'is not', null);
    }
    return toPage(await query.execute(), limit, toNotification);
  }

  /** Marking as read keeps the time it was first read; marking as unread clears it. */
  async markRead(id: string, read: boolean, now: Date): Promise<Notification> {
    const query = this.#db.updateTable('notifications').where('id', '=', id);
    await (read
      ? query.set({ readAt: now.toISOString() }).where('readAt', 'is', null)
      : query.set({ readAt: null })
    ).execute();
    // No row changed is either "already read" or "missing": the read below tells them apart.
    return this.getOrThrow(id);
  }

  /** Marks every unread notification of a user as read; returns how many changed. */
  async markAllRead(userId: string, now: Date): Promise<number> {
    const result = await this.#db
      .updateTable('notifications')
      .set({ readAt: now.toISOString() })
      .where('userId', '=', userId)
      .where('readAt', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async itemExists(itemId: string): Promise<boolean> {
    return (await findItemPlacement(this.#db, itemId)) !== undefined;
  }

  delete(id: string): Promise<void> {
    return deleteById(this.#db, 'notifications', 'notification', id);
  }
}

/** Whether the user exists and is active: only they are mailed. */
async function isActive(trx: Kysely<Database>, userId: string): Promise<boolean> {
  const row = await trx.selectFrom('users').select('active').where('id', '=', userId).executeTakeFirst();
  return row !== undefined && fromBool(row.active);
}

/**
 * Queues the email of a new notification and answers its id: a row of its own when it goes at
 * once; the user's digest of that hour when hourly, created by the first notification of the hour
 * (the unique digest key makes two transactions agree on one row).
 */
async function queueEmail(
  trx: Kysely<Database>,
  ids: IdGenerator,
  userId: string,
  email: PlannedEmail,
  now: Date,
): Promise<string> {
  const dueAt = toTimestamp(email.dueAt);
  const row = { userId, mode: email.mode, status: 'pending', dueAt, createdAt: toTimestamp(now) };
  if (email.mode === 'immediately') {
    const id = ids();
    await trx
      .insertInto('notificationEmails')
      .values({ id, ...row, digestKey: null })
      .execute();
    return id;
  }
  const digestKey = `${userId}@${dueAt}`;
  await trx
    .insertInto('notificationEmails')
    .values({ id: ids(), ...row, digestKey })
    .onConflict((oc) => oc.column('digestKey').doNothing())
    .execute();
  // A worker taking the digest moves its due time to its lease's end: from then on it is closed.
  // Joining is an update, not a read, so it locks the digest's row until this transaction ends: a
  // worker's claim waits for it and then reads this notification with the others (on PostgreSQL a
  // plain read would let the worker take the digest in between and send it without this one).
  const joined = await trx
    .updateTable('notificationEmails')
    .set({ dueAt })
    .where('digestKey', '=', digestKey)
    .where('status', '=', 'pending')
    .where('attempts', '=', 0)
    .where('dueAt', '=', dueAt)
    .returning('id')
    .executeTakeFirst();
  if (joined !== undefined) return joined.id;
  // The digest of that hour went out already (a worker's clock ahead of this one): this
  // notification goes in a digest of its own at the same time rather than being lost.
  const id = ids();
  await trx
    .insertInto('notificationEmails')
    .values({ id, ...row, digestKey: null })
    .execute();
  return id;
}
