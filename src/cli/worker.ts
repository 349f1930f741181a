import { AppError } from '../domain/errors.ts';
import type { RunExecutor } from '../queue/run-queue.ts';
import type { WorkerTuning } from './automation.ts';
import { composeProcess, type ExecutorDeps } from './compose.ts';
import { parseConfig } from './config.ts';
import { INVALID_CONFIGURATION } from './config-env.ts';
import { type CliIo, EXIT } from './io.ts';
import { listenForMetrics } from './metrics-listener.ts';
import { createLogger, openMigratedStore } from './runtime.ts';

export type { WorkerTuning } from './automation.ts';
export type { ExecutorDeps } from './compose.ts';

/** Builds an executor that takes the place of the engine's `executeRun`. */
export type ExecutorFactory = (deps: ExecutorDeps) => RunExecutor;

export interface WorkerCommandOptions {
  /**
   * Runs something else than the engine (the tests of the queue's processes do). Default: the
   * engine. Everything else (ports, settings, wake-ups, pruning) is built as for any process.
   */
  readonly createExecutor?: ExecutorFactory;
  /** Leases, batches, grace period... beyond the configuration. Default: the configuration's. */
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
  // Built by the same composition root as `serve`: the same outside ports and settings.
  const { automation, metrics } = composeProcess({
    config,
    store,
    logger,
    worker: options.tuning,
    createExecutor: options.createExecutor,
  });
  let metricsServer: Awaited<ReturnType<typeof listenForMetrics>>;
  try {
    // A worker has no API: STAGEFLOW_METRICS_PORT is the only way its metrics are read.
    metricsServer = await listenForMetrics(config, metrics, logger);
    await automation.start();
    const workerId = automation.worker.id;
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
    const { released } = await automation.worker.stop();
    await automation.stop();
    clearTimeout(hardStop);
    logger.info({ worker: workerId, released: released.length }, 'worker stopped');
    return EXIT.ok;
  } finally {
    // Stopping again, or stopping what never started, is harmless.
    await automation.stop();
    await metricsServer?.close();
    await store.close();
  }
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
