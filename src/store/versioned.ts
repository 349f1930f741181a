import type { Kysely, Updateable } from 'kysely';
import { AppError, type NotFoundResource, notFound, staleVersion } from '../domain/errors.ts';
import type { Database } from './schema.ts';

type VersionedTable = {
  [K in keyof Database]: Database[K] extends { version: number; id: string } ? K : never;
}[keyof Database];

/**
 * Optimistic concurrency for every versioned table: the update applies only if the row is still
 * at `expectedVersion` (when the caller names one), and always bumps the version. The check and
 * the write are one statement, so two writers cannot both win.
 */
export async function updateVersioned<T extends VersionedTable>(
  db: Kysely<Database>,
  table: T,
  resource: NotFoundResource,
  id: string,
  expectedVersion: number | undefined,
  changes: Updateable<Database[T]>,
): Promise<void> {
  // Kysely cannot follow a table name chosen by a type parameter; the shapes are checked above.
  const query = db
    .updateTable(table as 'items')
    .set({ ...(changes as Updateable<Database['items']>) })
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id);
  const result = await (expectedVersion === undefined
    ? query
    : query.where('version', '=', expectedVersion)
  ).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 1) return;
  const current = await db
    .selectFrom(table as 'items')
    .select('version')
    .where('id', '=', id)
    .executeTakeFirst();
  if (current === undefined) throw notFound(resource, id);
  throw staleVersion(resource, id, expectedVersion ?? current.version, current.version);
}

/** Deletes one row by id; a missing row is a not-found error. */
export async function deleteById(
  db: Kysely<Database>,
  table: keyof Database &
    (
      | 'users'
      | 'contacts'
      | 'pipelines'
      | 'items'
      | 'tasks'
      | 'activities'
      | 'documents'
      | 'payments'
      | 'notifications'
      | 'stages'
    ),
  resource: NotFoundResource,
  id: string,
): Promise<void> {
  const result = await db
    .deleteFrom(table as 'items')
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) !== 1) throw notFound(resource, id);
}

/** Unversioned updates that lose a race to another writer are read and written again this often. */
const UNVERSIONED_UPDATE_ATTEMPTS = 3;

/**
 * An update that depends on the row it replaces (a status change stamping `completedAt`): the
 * write is pinned to the version just read, or to the caller's. Without a version from the caller,
 * losing a race to another writer is not the caller's conflict: read again and write again.
 */
export async function updatePinned<T extends { readonly version: number }>(
  read: () => Promise<T>,
  write: (current: T, version: number) => Promise<void>,
  expectedVersion: number | undefined,
): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const current = await read();
    try {
      await write(current, expectedVersion ?? current.version);
      return;
    } catch (error) {
      const stale = error instanceof AppError && error.code === 'stale_version';
      if (!stale || expectedVersion !== undefined || attempt >= UNVERSIONED_UPDATE_ATTEMPTS) throw error;
    }
  }
}
