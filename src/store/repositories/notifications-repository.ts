import type { Kysely, Selectable } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import { notFound } from '../../domain/errors.ts';
import type { Notification } from '../../domain/work.ts';
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
  };
}

export class NotificationsRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;

  constructor(db: Kysely<Database>, ids: IdGenerator) {
    this.#db = db;
    this.#ids = ids;
  }

  async create(input: NewNotification, now: Date): Promise<Notification> {
    const id = this.#ids();
    await inOwnTransaction(this.#db, async (trx) => {
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
