import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import { systemClock } from '../queue/clock.ts';
import { startRetention } from '../queue/retention.ts';
import type { RunExecutor } from '../queue/run-queue.ts';
import { defaultWorkerId, Worker, type WorkerOptions } from '../queue/worker.ts';
import type { Store } from '../store/database.ts';
import { uuidv7 } from '../store/ids.ts';
import { listenForPlannedRuns } from '../store/listen.ts';
import { RetentionStore } from '../store/retention-store.ts';
import { RunQueueStore } from '../store/run-queue-store.ts';
import { createAutomation } from './automation.ts';
import { type Config, INVALID_CONFIGURATION, parseConfig } from './config.ts';
import { type CliIo, EXIT } from './io.ts';
import { createLogger, openMigratedStore } from './runtime.ts';

/** What a stand-in executor is built from (see `WorkerCommandOptions.createExecutor`). */
export interface ExecutorDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** This worker's id (its `lease_owner`). */
  readonly workerId: string;
  /** Wakes this worker, as the engine does after planning runs. */
  readonly wake: () => void;
}

/** Builds an executor that takes the place of the engine's `executeRun`. */
export type ExecutorFactory = (deps: ExecutorDeps) => RunExecutor | Promise<RunExecutor>;

export type WorkerTuning = Pick<
  WorkerOptions,
  'leaseMs' | 'batchSize' | 'concurrency' | 'maxSleepMs' | 'minSleepMs' | 'graceMs' | 'abortWaitMs'
>;

export interface WorkerCommandOptions {
  /**
   * Runs something else than the engine (the tests of worker processes do). Default: the engine,
   * built by createAutomation exactly as `serve` builds it.
   */
  readonly createExecutor?: ExecutorFactory;
  /** Leases, batches, grace period... of the worker around `createExecutor`. Default: the worker's. */
  readonly tuning?: WorkerTuning;
  /** Resolves with a reason when the worker should stop. Default: the first SIGTERM or SIGINT. */
  readonly stopWhen?: Promise<string>;
}

/** Past the grace period, how long shutdown may still take before the process gives up. */
const SHUTDOWN_MARGIN_MS = 15_000;

/**
 * `stageflow worker`: executes runs only, for scale-out on PostgreSQL. Applies migrations, claims
 * due runs (woken by NOTIFY), prunes the journal daily, and on SIGTERM or SIGINT stops gracefully:
 * running runs get the grace period, the others go back to the queue; then exit 0.
 */
export async function runWorker(io: CliIo, options: WorkerCommandOptions = {}): Promise<number> {
  const config = parseConfig(io.env, io.cwd);
  if (config.databaseUrl === undefined) {
    throw refused(
      'DATABASE_URL',
      'DATABASE_URL is not set: "stageflow worker" needs PostgreSQL, where scale-out workers share the ' +
        'runs; with the embedded SQLite database, "stageflow serve" executes the runs itself',
    );
  }
  if (config.clock === 'manual') {
    throw refused(
      'STAGEFLOW_CLOCK',
      'STAGEFLOW_CLOCK=manual: the manual clock lives in the "stageflow serve" process, which runs the ' +
        'runs itself; a separate worker runs on the system clock',
    );
  }
  const logger = createLogger(config.logLevel);
  const { store, migration } = await openMigratedStore(config);
  let background: Background | undefined;
  try {
    background =
      options.createExecutor === undefined
        ? await startAutomation(store, config, logger)
        : await startWithExecutor(store, config, logger, options.createExecutor, options.tuning);
    const workerId = background.worker.id;
    logger.info(
      { worker: workerId, database: store.description, applied: migration.applied },
      'worker started',
    );
    const reason = await (options.stopWhen ?? firstSignal());
    logger.info({ worker: workerId, reason }, 'worker stopping');
    const hardStop = setTimeout(
      () => {
        logger.error({ worker: workerId }, 'worker shutdown timed out');
        process.exit(EXIT.failure);
      },
      (options.tuning?.graceMs ?? 10_000) + SHUTDOWN_MARGIN_MS,
    );
    hardStop.unref();
    // Stopping twice answers the same report: the worker first, for its report, then the rest.
    const { released } = await background.worker.stop();
    await background.stop();
    clearTimeout(hardStop);
    logger.info({ worker: workerId, released: released.length }, 'worker stopped');
    return EXIT.ok;
  } finally {
    await background?.stop();
    await store.close();
  }
}

/** The running part of a worker process. */
interface Background {
  readonly worker: Worker;
  /** Stops the worker (releasing unfinished runs), then the LISTEN connection and the pruning. */
  stop(): Promise<void>;
}

/** The engine, built exactly as `serve` builds it, with its worker, wake-ups and pruning. */
async function startAutomation(store: Store, config: Config, logger: Logger): Promise<Background> {
  const automation = createAutomation({
    store,
    clock: systemClock,
    ids: uuidv7,
    logger,
    databaseUrl: config.databaseUrl,
    databaseTimeouts: config.databaseTimeouts,
    retentionDays: config.journalRetentionDays,
  });
  await automation.start();
  return automation;
}

/** The same background work around an executor given by the caller (tests of the process). */
async function startWithExecutor(
  store: Store,
  config: Config,
  logger: Logger,
  createExecutor: ExecutorFactory,
  tuning: WorkerTuning | undefined,
): Promise<Background> {
  const clock = systemClock;
  const workerId = defaultWorkerId();
  let worker: Worker | undefined;
  const execute = await createExecutor({ store, clock, logger, workerId, wake: () => worker?.wake() });
  const started = new Worker({
    ...tuning,
    id: workerId,
    queue: new RunQueueStore(store),
    execute,
    clock,
    logger,
  });
  worker = started;
  let closeListener = async () => {};
  if (store.capabilities.supportsListenNotify && config.databaseUrl !== undefined) {
    const listener = await listenForPlannedRuns(config.databaseUrl, {
      timeouts: config.databaseTimeouts,
      onNotify: () => started.wake(),
      onError: (error) => logger.warn({ err: error }, 'run notifications interrupted; reconnecting'),
    });
    closeListener = () => listener.close();
  }
  const retention = startRetention({
    prune: (cutoff) => new RetentionStore(store.db).prune(cutoff),
    clock,
    retentionDays: config.journalRetentionDays,
    logger,
  });
  started.start();
  return {
    worker: started,
    async stop() {
      await started.stop();
      await closeListener();
      await retention.stop();
    },
  };
}

function refused(variable: string, message: string): AppError {
  return new AppError(INVALID_CONFIGURATION, 'invalid', message, { fields: [{ field: variable, message }] });
}

/**
 * The first SIGTERM or SIGINT. The handlers stay: a second Ctrl+C (npm forwards one too) must not
 * kill the process in the middle of releasing its runs; the hard-stop timer bounds the shutdown.
 */
function firstSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => resolve(signal);
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
