import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { AppError } from '../domain/errors.ts';
import type { Store } from './database.ts';
import * as core from './migrations/0001-core.migration.ts';
import * as automation from './migrations/0002-automation.migration.ts';
import * as mail from './migrations/0003-mail.migration.ts';
import * as webhooks from './migrations/0004-webhooks.migration.ts';
import * as inbound from './migrations/0005-inbound.migration.ts';
import * as forms from './migrations/0006-forms.migration.ts';
import * as visitsSmsDocuments from './migrations/0007-visits-sms-documents.migration.ts';
import * as eventOrder from './migrations/0010-event-order.migration.ts';
import { type ColumnTypes, columnTypes } from './migrations/column-types.ts';

interface StageflowMigration {
  up(db: Kysely<unknown>, types: ColumnTypes): Promise<void>;
}

/** Every migration, in order. Names are stored in the database: never rename one, only add. */
const MIGRATIONS: Readonly<Record<string, StageflowMigration>> = {
  '0001-core': core,
  '0002-automation': automation,
  '0003-mail': mail,
  '0004-webhooks': webhooks,
  '0005-inbound': inbound,
  '0006-forms': forms,
  '0007-visits-sms-documents': visitsSmsDocuments,
  '0010-event-order': eventOrder,
};

/** The names of every migration, in order. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);

class StaticProvider implements MigrationProvider {
  readonly #types: ColumnTypes;
  constructor(types: ColumnTypes) {
    this.#types = types;
  }
  async getMigrations(): Promise<Record<string, Migration>> {
    const types = this.#types;
    return Object.fromEntries(
      Object.entries(MIGRATIONS).map(([name, migration]) => [name, { up: (db) => migration.up(db, types) }]),
    );
  }
}

export interface MigrationReport {
  readonly applied: readonly string[];
}

/**
 * Applies pending migrations. Kysely's migrator takes a lock (an advisory lock on PostgreSQL),
 * so several processes starting at once apply each migration exactly once.
 */
export async function migrateToLatest(store: Store): Promise<MigrationReport> {
  const migrator = new Migrator({
    db: store.db as Kysely<unknown>,
    provider: new StaticProvider(columnTypes(store.capabilities)),
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new AppError('migration_failed', 'internal', `Migration ${failed} failed`, { cause: error });
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
