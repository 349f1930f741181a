import { type DestinationStream, type Logger, pino } from 'pino';
import { type App, buildApp } from '../api/app.ts';
import type { AppContext } from '../api/context.ts';
import { AppError } from '../domain/errors.ts';
import { ManualClock, systemClock } from '../queue/clock.ts';
import { openStore, type Store } from '../store/database.ts';
import { uuidv7 } from '../store/ids.ts';
import { type MigrationReport, migrateToLatest } from '../store/migrate.ts';
import { createRepositories } from '../store/repositories/index.ts';
import { type Automation, createAutomation } from './automation.ts';
import type { Config, LogLevel } from './config.ts';
import { createOutsidePorts } from './outside.ts';

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

export interface ContextParts {
  readonly context: AppContext;
  readonly automation: Automation;
}

/**
 * The application context over an opened store. With `STAGEFLOW_CLOCK=manual` time stands still
 * until the API advances it; the clock starts at the real present.
 */
export function createContext(store: Store, logger: Logger, config?: Config): ContextParts {
  const manualClock = config?.clock === 'manual' ? new ManualClock(new Date()) : undefined;
  const clock = manualClock ?? systemClock;
  const automation = createAutomation({
    store,
    clock,
    ids: uuidv7,
    logger,
    databaseUrl: config?.databaseUrl,
    retentionDays: config?.journalRetentionDays,
    outside: createOutsidePorts({ config, store, clock, ids: uuidv7 }),
  });
  const context: AppContext = {
    store,
    repos: createRepositories(store.db, uuidv7),
    clock,
    ids: uuidv7,
    logger,
    engine: automation.engine,
    runner: automation.worker,
    ...(manualClock !== undefined && { manualClock }),
    ...(config?.formSecret !== undefined && { formSecret: config.formSecret }),
    ...(config?.maxInFlight !== undefined && { maxInFlight: config.maxInFlight }),
  };
  return { context, automation };
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
