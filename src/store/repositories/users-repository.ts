import type { Kysely, Selectable } from 'kysely';
import type { Credentials } from '../../automation/sign-in-ports.ts';
import type { IdGenerator } from '../../domain/clock.ts';
import { notFound } from '../../domain/errors.ts';
import type { Role } from '../../domain/roles.ts';
import { DEFAULT_CALENDAR, type User, type UserCalendar } from '../../domain/user.ts';
import { fromBool, fromJson, toJson } from '../columns.ts';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { Database, UsersTable } from '../schema.ts';
import { deleteById, updateVersioned } from '../versioned.ts';

export interface NewUser {
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  readonly supervisorId?: string | null;
  readonly department?: string | null;
  readonly timeZone?: string;
  readonly calendar?: UserCalendar;
  readonly active?: boolean;
}

export type UserChanges = Partial<NewUser>;

export interface UserFilter {
  readonly role?: Role | undefined;
  readonly department?: string | undefined;
  readonly supervisorId?: string | undefined;
  readonly email?: string | undefined;
}

export function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role as Role,
    supervisorId: row.supervisorId,
    department: row.department,
    timeZone: row.timeZone,
    calendar: fromJson(row.calendar, DEFAULT_CALENDAR),
    active: fromBool(row.active),
    hasPassword: row.passwordHash !== null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

export class UsersRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;

  constructor(db: Kysely<Database>, ids: IdGenerator) {
    this.#db = db;
    this.#ids = ids;
  }

  async create(input: NewUser, now: Date): Promise<User> {
    const id = this.#ids();
    const at = now.toISOString();
    await this.#db
      .insertInto('users')
      .values({
        id,
        name: input.name,
        email: input.email.trim().toLowerCase(),
        role: input.role,
        supervisorId: input.supervisorId ?? null,
        department: input.department ?? null,
        timeZone: input.timeZone ?? 'UTC',
        calendar: toJson(input.calendar ?? DEFAULT_CALENDAR),
        active: input.active ?? true,
        createdAt: at,
        updatedAt: at,
        version: 1,
      })
      .execute();
    return this.getOrThrow(id);
  }

  async find(id: string): Promise<User | undefined> {
    const row = await this.#db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toUser(row);
  }

  async getOrThrow(id: string): Promise<User> {
    const user = await this.find(id);
    if (user === undefined) throw notFound('user', id);
    return user;
  }

  async list(filter: UserFilter, page: PageRequest): Promise<Page<User>> {
    const limit = pageSize(page);
    let query = this.#db
      .selectFrom('users')
      .selectAll()
      .orderBy('id')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '>', decodeCursor(page.cursor));
    if (filter.role !== undefined) query = query.where('role', '=', filter.role);
    if (filter.department !== undefined) query = query.where('department', '=', filter.department);
    if (filter.supervisorId !== undefined) query = query.where('supervisorId', '=', filter.supervisorId);
    if (filter.email !== undefined) query = query.where('email', '=', filter.email.trim().toLowerCase());
    return toPage(await query.execute(), limit, toUser);
  }

  async update(
    id: string,
    changes: UserChanges,
    expectedVersion: number | undefined,
    now: Date,
  ): Promise<User> {
    await updateVersioned(this.#db, 'users', 'user', id, expectedVersion, {
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.email !== undefined && { email: changes.email.trim().toLowerCase() }),
      ...(changes.role !== undefined && { role: changes.role }),
      ...(changes.supervisorId !== undefined && { supervisorId: changes.supervisorId }),
      ...(changes.department !== undefined && { department: changes.department }),
      ...(changes.timeZone !== undefined && { timeZone: changes.timeZone }),
      ...(changes.calendar !== undefined && { calendar: toJson(changes.calendar) }),
      ...(changes.active !== undefined && { active: changes.active }),
      updatedAt: now.toISOString(),
    });
    return this.getOrThrow(id);
  }

  /** The user with this email, ignoring case. */
  async findByEmail(email: string): Promise<User | undefined> {
    return (await this.findCredentialsByEmail(email))?.user;
  }

  /** The user and their password hash, for signing in; found by email, ignoring case. */
  async findCredentialsByEmail(email: string): Promise<Credentials | undefined> {
    const row = await this.#db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email.trim().toLowerCase())
      .executeTakeFirst();
    return row === undefined ? undefined : { user: toUser(row), passwordHash: row.passwordHash };
  }

  async findCredentials(id: string): Promise<Credentials | undefined> {
    const row = await this.#db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : { user: toUser(row), passwordHash: row.passwordHash };
  }

  /** Not a versioned change: a password is not part of the user record that clients edit. */
  async setPasswordHash(id: string, hash: string, now: Date): Promise<void> {
    const result = await this.#db
      .updateTable('users')
      .set({ passwordHash: hash, updatedAt: now.toISOString() })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw notFound('user', id);
  }

  /** The chain of supervisors above a user, nearest first; stops at a cycle. */
  async supervisorChain(id: string): Promise<string[]> {
    const chain: string[] = [];
    let current = await this.find(id);
    while (
      current?.supervisorId != null &&
      !chain.includes(current.supervisorId) &&
      current.supervisorId !== id
    ) {
      chain.push(current.supervisorId);
      current = await this.find(current.supervisorId);
    }
    return chain;
  }

  delete(id: string): Promise<void> {
    return deleteById(this.#db, 'users', 'user', id);
  }
}
