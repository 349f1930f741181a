import { type DestinationStream, type Logger, pino } from 'pino';
import { type App, buildApp } from '../api/app.ts';
import type { AppContext } from '../api/context.ts';
import { AppError } from '../domain/errors.ts';
import { systemClock } from '../queue/clock.ts';
import { openStore, type Store } from '../store/database.ts';
import { uuidv7 } from '../store/ids.ts';
import { type MigrationReport, migrateToLatest } from '../store/migrate.ts';
import { createRepositories } from '../store/repositories/index.ts';
import type { Config, LogLevel } from './config.ts';

/**
 * The composition root: the one place that picks the real database, clock, id generator and
 * logger and hands them to the layers below.
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
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return { store, migration: await migrateToLatest(store) };
  } catch (error) {
    await store.close();
    throw new AppError(
      'database_unavailable',
      'internal',
      `Could not prepare the database ${store.description}`,
      {
        cause: error,
      },
    );
  }
}

export function createContext(store: Store, logger: Logger): AppContext {
  return {
    store,
    repos: createRepositories(store.db, uuidv7),
    clock: systemClock,
    ids: uuidv7,
    logger,
  };
}

export interface Runtime {
  readonly store: Store;
  readonly context: AppContext;
  readonly app: App;
  readonly migration: MigrationReport;
  /** Closes the HTTP server (if listening) and then the database. */
  close(): Promise<void>;
}

/** Database, migrations and the HTTP application, ready to `listen` or to `inject` into. */
export async function startRuntime(config: Config, logger: Logger): Promise<Runtime> {
  const { store, migration } = await openMigratedStore(config);
  try {
    const context = createContext(store, logger);
    const app = await buildApp(context);
    return {
      store,
      context,
      app,
      migration,
      async close() {
        try {
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
