import type { Clock } from '../domain/clock.ts';
import type { Role } from '../domain/roles.ts';
import type { User } from '../domain/user.ts';

/** A user's password as stored, for checking a sign-in. */
export interface Credentials {
  readonly user: User;
  readonly passwordHash: string | null;
}

/** A session as stored, with what a request needs of its user, read at each request. */
export interface StoredSession {
  readonly id: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
  readonly userRole: Role;
  readonly userName: string;
  readonly userActive: boolean;
}

export interface NewSession {
  readonly id: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export interface CredentialsPort {
  findCredentialsByEmail(email: string): Promise<Credentials | undefined>;
  findCredentials(userId: string): Promise<Credentials | undefined>;
  setPasswordHash(userId: string, hash: string, now: Date): Promise<void>;
}

export interface SessionsPort {
  create(session: NewSession): Promise<void>;
  find(id: string): Promise<StoredSession | undefined>;
  touch(id: string, now: Date): Promise<void>;
  delete(id: string): Promise<void>;
  /** Deletes every session of the user but `keepId`; answers how many went. */
  deleteForUser(userId: string, keepId?: string): Promise<number>;
  /** Deletes the user's sessions that ended before `now` (tidying at each sign-in). */
  deleteEndedForUser(userId: string, idleSince: Date, now: Date): Promise<void>;
}

export interface SignInFailuresPort {
  record(keys: readonly string[], at: Date): Promise<void>;
  /** The times of the key's failures since `since`, oldest first. */
  since(key: string, since: Date): Promise<Date[]>;
  clear(key: string): Promise<void>;
  /** Forgets failures older than `before`, which no window counts any more. */
  prune(before: Date): Promise<void>;
}

/** What signing in, out and setting passwords need: the store's repositories and the clock. */
export interface SignInContext {
  readonly clock: Clock;
  readonly credentials: CredentialsPort;
  readonly sessions: SessionsPort;
  readonly signInFailures: SignInFailuresPort;
}
