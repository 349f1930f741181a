import type { Kysely } from 'kysely';
import type { NewSession, StoredSession } from '../../automation/sign-in-ports.ts';
import type { Role } from '../../domain/roles.ts';
import { fromBool } from '../columns.ts';
import type { Database } from '../schema.ts';

/** Signed-in browsers (see migration 0011); ids are hashes of the cookies' secrets. */
export class SessionsRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(session: NewSession): Promise<void> {
    await this.#db
      .insertInto('sessions')
      .values({
        id: session.id,
        userId: session.userId,
        csrfToken: session.csrfToken,
        createdAt: session.createdAt.toISOString(),
        lastSeenAt: session.createdAt.toISOString(),
        expiresAt: session.expiresAt.toISOString(),
      })
      .execute();
  }

  /** The session and its user's current role and state, in one query per request. */
  async find(id: string): Promise<StoredSession | undefined> {
    const row = await this.#db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.userId')
      .select([
        'sessions.id',
        'sessions.userId',
        'sessions.csrfToken',
        'sessions.createdAt',
        'sessions.lastSeenAt',
        'sessions.expiresAt',
        'users.role',
        'users.name',
        'users.active',
      ])
      .where('sessions.id', '=', id)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      id: row.id,
      userId: row.userId,
      csrfToken: row.csrfToken,
      createdAt: new Date(row.createdAt),
      lastSeenAt: new Date(row.lastSeenAt),
      expiresAt: new Date(row.expiresAt),
      userRole: row.role as Role,
      userName: row.name,
      userActive: fromBool(row.active),
    };
  }

  async touch(id: string, now: Date): Promise<void> {
    await this.#db
      .updateTable('sessions')
      .set({ lastSeenAt: now.toISOString() })
      .where('id', '=', id)
      .execute();
  }

  async delete(id: string): Promise<void> {
    await this.#db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async deleteForUser(userId: string, keepId?: string): Promise<number> {
    let query = this.#db.deleteFrom('sessions').where('userId', '=', userId);
    if (keepId !== undefined) query = query.where('id', '!=', keepId);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async deleteEndedForUser(userId: string, idleSince: Date, now: Date): Promise<void> {
    await this.#db
      .deleteFrom('sessions')
      .where('userId', '=', userId)
      .where((eb) =>
        eb.or([eb('expiresAt', '<=', now.toISOString()), eb('lastSeenAt', '<=', idleSince.toISOString())]),
      )
      .execute();
  }
}
