import {
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
  Migrator,
} from 'kysely';
import { AppError } from '../domain/errors.ts';
import { PhoneNumbers } from '../domain/phone-numbers.ts';
import type { Store } from './database.ts';
import * as core from './migrations/0001-core.migration.ts';
import * as automation from './migrations/0002-automation.migration.ts';
import * as mail from './migrations/0003-mail.migration.ts';
import * as webhooks from './migrations/0004-webhooks.migration.ts';
import * as inbound from './migrations/0005-inbound.migration.ts';
import * as forms from './migrations/0006-forms.migration.ts';
import * as visitsSmsDocuments from './migrations/0007-visits-sms-documents.migration.ts';
import * as paymentSources from './migrations/0008-payment-sources.migration.ts';
import * as phoneNumbers from './migrations/0008-phone-numbers.migration.ts';
import * as settings from './migrations/0009-settings.migration.ts';
import * as eventOrder from './migrations/0010-event-order.migration.ts';
import * as signIn from './migrations/0011-sign-in.migration.ts';
import * as changeFeed from './migrations/0012-change-feed.migration.ts';
import * as formLanguage from './migrations/0014-form-language.migration.ts';
import * as ruleRevisions from './migrations/0015-rule-revisions.migration.ts';
import * as ruleRecord from './migrations/0016-rule-record.migration.ts';
import * as eventBatches from './migrations/0017-event-batches.migration.ts';
import * as ruleVersion from './migrations/0018-rule-version.migration.ts';
import * as webhookSeqCursor from './migrations/0019-webhook-seq-cursor.migration.ts';
import * as bankPayments from './migrations/0020-bank-payments.migration.ts';
import * as taskOverdue from './migrations/0021-task-overdue.migration.ts';
import * as documentTemplates from './migrations/0022-document-templates.migration.ts';
import * as notificationDelivery from './migrations/0023-notification-delivery.migration.ts';
import * as approvals from './migrations/0024-approvals.migration.ts';
import * as runUndo from './migrations/0025-run-undo.migration.ts';
import * as workAuthors from './migrations/0026-work-authors.migration.ts';
import * as approvalMailQueue from './migrations/0027-approval-mail-queue.migration.ts';
import * as runWork from './migrations/0028-run-work.migration.ts';
import * as approvalWorkingTime from './migrations/0029-approval-working-time.migration.ts';
import { type ColumnTypes, columnTypes } from './migrations/column-types.ts';
import { syncPhoneIndex } from './phone-index.ts';

/** What a migration may depend on besides the database: the configuration that shapes stored data. */
export interface MigrationSettings {
  /** Phone numbers are keyed in E.164 in this default region (STAGEFLOW_DEFAULT_REGION). */
  readonly phones: PhoneNumbers;
}

interface StageflowMigration {
  up(db: Kysely<unknown>, types: ColumnTypes, settings: MigrationSettings): Promise<void>;
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
  '0008-payment-sources': paymentSources,
  '0008-phone-numbers': { up: (db, _types, settings) => phoneNumbers.up(db, settings.phones) },
  '0009-settings': settings,
  '0010-event-order': eventOrder,
  '0011-sign-in': signIn,
  '0012-change-feed': changeFeed,
  '0014-form-language': formLanguage,
  '0015-rule-revisions': ruleRevisions,
  '0016-rule-record': ruleRecord,
  '0017-event-batches': eventBatches,
  '0018-rule-version': ruleVersion,
  '0019-webhook-seq-cursor': webhookSeqCursor,
  '0020-bank-payments': bankPayments,
  '0021-task-overdue': taskOverdue,
  '0022-document-templates': documentTemplates,
  '0023-notification-delivery': notificationDelivery,
  '0024-approvals': approvals,
  '0025-run-undo': runUndo,
  '0026-work-authors': workAuthors,
  '0027-approval-mail-queue': approvalMailQueue,
  '0028-run-work': runWork,
  '0029-approval-working-time': approvalWorkingTime,
};

/** The names of every migration, in order. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);

class StaticProvider implements MigrationProvider {
  readonly #types: ColumnTypes;
  readonly #settings: MigrationSettings;
  constructor(types: ColumnTypes, settings: MigrationSettings) {
    this.#types = types;
    this.#settings = settings;
  }
  async getMigrations(): Promise<Record<string, Migration>> {
    const types = this.#types;
    const settings = this.#settings;
    return Object.fromEntries(
      Object.entries(MIGRATIONS).map(([name, migration]) => [
        name,
        { up: (db) => migration.up(db, types, settings) },
      ]),
    );
  }
}

export interface MigrationReport {
  readonly applied: readonly string[];
}

/**
 * Applies pending migrations. Kysely's migrator takes a lock (an advisory lock on PostgreSQL),
 * so several processes starting at once apply each migration exactly once. Then the phone index
 * is keyed again if the default region changed since it was built. Default settings: no region.
 */
export async function migrateToLatest(
  store: Store,
  settings: MigrationSettings = { phones: new PhoneNumbers() },
): Promise<MigrationReport> {
  const report = await run(store, settings, (migrator) => migrator.migrateToLatest());
  await syncPhoneIndex(store, settings.phones);
  return report;
}

/**
 * Applies pending migrations up to and including `name`, nothing after it: a database as an older
 * version left it, for testing a migration over the data it finds.
 */
export function migrateTo(
  store: Store,
  name: string,
  settings: MigrationSettings = { phones: new PhoneNumbers() },
): Promise<MigrationReport> {
  return run(store, settings, (migrator) => migrator.migrateTo(name));
}

async function run(
  store: Store,
  settings: MigrationSettings,
  step: (migrator: Migrator) => Promise<MigrationResultSet>,
): Promise<MigrationReport> {
  const migrator = new Migrator({
    db: store.db as Kysely<unknown>,
    provider: new StaticProvider(columnTypes(store.capabilities), settings),
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const { error, results = [] } = await step(migrator);
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new AppError('migration_failed', 'internal', `Migration ${failed} failed`, { cause: error });
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
