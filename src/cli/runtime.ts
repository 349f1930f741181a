import { type DestinationStream, type Logger, pino } from 'pino';
import { type App, buildApp } from '../api/app.ts';
import type { AppContext } from '../api/context.ts';
import { AppError } from '../domain/errors.ts';
import { PhoneNumbers } from '../domain/phone-numbers.ts';
import { openStore, type Store } from '../store/database.ts';
import { type MigrationReport, migrateToLatest } from '../store/migrate.ts';
import type { Automation } from './automation.ts';
import { composeProcess } from './compose.ts';
import type { Config, LogLevel } from './config.ts';

/**
 * Opening a process: the logger, the migrated database, and the HTTP application over the parts
 * the composition root (compose.ts) builds.
 */

/** JSON log lines, one per line. Default destination: stdout. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino({ level, base: { service: 'stageflow' } }, destination ?? pino.destination(1));
}

export interface OpenedStore {
  readonly store: Store;
  readonly migration: MigrationReport;
}

/** Opens the configured database and applies pending migrations; closes it again if they fail. */
export async function openMigratedStore(config: Config): Promise<OpenedStore> {
  const store = openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    timeouts: config.databaseTimeouts,
  });
  try {
    // Stored phone numbers are keyed in the configured region (see 0008-phone-numbers).
    return {
      store,
      migration: await migrateToLatest(store, { phones: new PhoneNumbers(config.defaultRegion) }),
    };
  } catch (error) {
    await store.close();
    throw new AppError(
      'database_unavailable',
      'unavailable',
      `Could not prepare the database ${store.description}`,
      {
        cause: error,
      },
    );
  }
}

export interface ContextParts {
  readonly context: AppContext;
  readonly automation: Automation;
}

/**
 * The application context over an opened store, built by the composition root (compose.ts). With
 * `STAGEFLOW_CLOCK=manual` time stands still until the API advances it.
 */
export function createContext(store: Store, logger: Logger, config: Config): ContextParts {
  const { context, automation } = composeProcess({ config, store, logger });
  return { context, automation };
}

/**
 * The manual clock resumes where it stood when the server stopped, or at the real present if that
 * is later: it never goes back behind what it stamped before a restart, nor behind the records
 * written on the system clock before the server was switched to the manual one.
 */
export async function restoreManualClock(context: AppContext): Promise<void> {
  if (context.manualClock === undefined) return;
  const stored = await context.repos.settings.findManualClock();
  if (stored !== undefined) context.manualClock.advanceTo(stored);
}

export interface Runtime {
  readonly store: Store;
  readonly context: AppContext;
  readonly app: App;
  readonly migration: MigrationReport;
  /** Closes the HTTP server (if listening) and then the database. */
  close(): Promise<void>;
}

/**
 * Database, migrations and the HTTP application, ready to `listen` or to `inject` into. With
 * `background`, the automation runs too: the in-process worker, wake-ups and journal pruning.
 */
export async function startRuntime(
  config: Config,
  logger: Logger,
  options: { readonly background?: boolean } = {},
): Promise<Runtime> {
  const { store, migration } = await openMigratedStore(config);
  try {
    const { context, automation } = createContext(store, logger, config);
    await restoreManualClock(context);
    const app = await buildApp(context);
    if (options.background === true) await automation.start();
    return {
      store,
      context,
      app,
      migration,
      async close() {
        try {
          // The worker goes first: it releases the runs it holds while the database is still open.
          await automation.stop();
          await app.close();
        } finally {
          await store.close();
        }
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
