import type { Logger } from 'pino';
import type { AppContext } from '../api/context.ts';
import type { MetricsSettings } from '../api/metrics/metrics-access.ts';
import { PrometheusMetrics } from '../api/metrics/prometheus-metrics.ts';
import type { OutsidePorts } from '../automation/outside-ports.ts';
import { createCachedPdfRenderer, DEFAULT_PDF_CACHE_BYTES } from '../channels/documents/pdf-cache.ts';
import { createPdfRenderer } from '../channels/documents/pdf-renderer.ts';
import { publicUrlOf } from '../channels/http/public-url.ts';
import type { Clock, IdGenerator } from '../domain/clock.ts';
import { systemClock } from '../domain/clock.ts';
import { ManualClock } from '../domain/manual-clock.ts';
import { PhoneNumbers } from '../domain/phone-numbers.ts';
import type { RunExecutor, RunQueue } from '../queue/run-queue.ts';
import type { Store } from '../store/database.ts';
import { uuidv7 } from '../store/ids.ts';
import { QueueDepth } from '../store/queue-depth.ts';
import { createRepositories } from '../store/repositories/index.ts';
import { type Automation, createAutomation, type WorkerTuning } from './automation.ts';
import type { Config } from './config.ts';
import { createOutsidePorts } from './outside.ts';

/**
 * The composition root: the one function that builds a process's parts from its configuration.
 * `serve`, `worker` and the test harness all build through it, so every kind of process gets the
 * same clock, ids, outside ports (HTTP, SMTP, SMS) and worker settings, and cannot drift apart.
 */

export interface ComposeOptions {
  readonly config: Config;
  /** An opened, migrated store. */
  readonly store: Store;
  readonly logger: Logger;
  /**
   * Replacements for tests, each documented where it is used: a clock the test moves (`manual`:
   * one the clock API may advance too), outside ports that fake a peer, a queue that records
   * claims, an executor standing in for the engine, worker settings beyond the configuration,
   * a fixed jitter of retry delays (default: Math.random).
   */
  readonly clock?: { readonly manual: ManualClock } | { readonly fixed: Clock } | undefined;
  readonly outside?: OutsidePorts | undefined;
  readonly queue?: RunQueue | undefined;
  readonly worker?: WorkerTuning | undefined;
  readonly createExecutor?: ((deps: ExecutorDeps) => RunExecutor) | undefined;
  readonly random?: (() => number) | undefined;
}

/** What an executor standing in for the engine is built from (see `stageflow worker`'s tests). */
export interface ExecutorDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The worker's id (its `lease_owner`). */
  readonly workerId: string;
  /** Wakes the worker, as the engine does after planning runs. */
  readonly wake: () => void;
}

export interface ProcessParts {
  readonly config: Config;
  readonly store: Store;
  readonly clock: Clock;
  /** Set when time stands still until the clock API moves it (STAGEFLOW_CLOCK=manual). */
  readonly manualClock: ManualClock | undefined;
  readonly ids: IdGenerator;
  readonly phones: PhoneNumbers;
  readonly logger: Logger;
  readonly outside: OutsidePorts;
  /** The engine, its worker, wake-ups and pruning; `start()` runs them. */
  readonly automation: Automation;
  /** What the HTTP routes are given. */
  readonly context: AppContext;
  /** The metrics every part reports to, and who may read them (STAGEFLOW_METRICS_*). */
  readonly metrics: MetricsSettings;
}

export function composeProcess(options: ComposeOptions): ProcessParts {
  const { config, store, logger } = options;
  const override = options.clock;
  // With STAGEFLOW_CLOCK=manual the clock starts at the real present and stands still.
  const manualClock =
    override === undefined
      ? config.clock === 'manual'
        ? new ManualClock(new Date())
        : undefined
      : 'manual' in override
        ? override.manual
        : undefined;
  const clock: Clock =
    manualClock ?? (override !== undefined && 'fixed' in override ? override.fixed : systemClock);
  const ids = uuidv7;
  const phones = new PhoneNumbers(config.defaultRegion);
  // One set of metrics per process, fed by the engine, the worker and the channels.
  const queueDepth = new QueueDepth(store.db);
  const prometheus = new PrometheusMetrics({
    pendingEvents: () => queueDepth.pendingEvents(),
    dueRuns: () => queueDepth.dueRuns(clock.now()),
    connections: () => store.connections(),
  });
  const metrics: MetricsSettings = {
    exposition: prometheus,
    token: config.metricsToken,
    port: config.metricsPort,
  };
  const ports = options.outside ?? createOutsidePorts({ config, store, clock, ids, metrics: prometheus });
  // The ports' renderer when they have one (a test may pass ports without it), with the PDFs it
  // rendered kept: a shared link opened many times, or a document mailed again, costs one render.
  const pdf = createCachedPdfRenderer(ports.pdf ?? createPdfRenderer(), {
    maxBytes: config.pdfCacheBytes ?? DEFAULT_PDF_CACHE_BYTES,
    onLookup: (outcome) => prometheus.pdfCacheLookup(outcome),
  });
  const outside: OutsidePorts = { ...ports, pdf };
  const createExecutor = options.createExecutor;
  const automation = createAutomation({
    store,
    clock,
    ids,
    phones,
    defaultCurrency: config.defaultCurrency,
    logger,
    databaseUrl: config.databaseUrl,
    databaseTimeouts: config.databaseTimeouts,
    retentionDays: config.journalRetentionDays,
    outside,
    metrics: prometheus,
    worker: { leaseMs: config.runLeaseSeconds * 1000, ...options.worker },
    queue: options.queue,
    random: options.random,
    publicUrl: publicUrlOf(config).base(),
    createExecutor:
      createExecutor === undefined
        ? undefined
        : (worker) => createExecutor({ store, clock, logger, workerId: worker.id, wake: worker.wake }),
  });
  const context: AppContext = {
    store,
    repos: createRepositories(store.db, ids, phones),
    clock,
    ids,
    phones,
    defaultCurrency: config.defaultCurrency,
    logger,
    pdf,
    engine: automation.engine,
    // Runs due now, then the mail they made due (the clock API's "run what is due").
    runner: {
      async drain() {
        const ran = await automation.worker.drain();
        await automation.notificationMail.drain();
        await automation.approvalMail.drain();
        return ran;
      },
    },
    ...(manualClock !== undefined && { manualClock }),
    ...(config.formSecret !== undefined && { formSecret: config.formSecret }),
    publicUrl: publicUrlOf(config),
    ...(config.trustProxy !== undefined && { trustProxy: config.trustProxy }),
    ...(config.maxInFlight !== undefined && { maxInFlight: config.maxInFlight }),
    ...(config.maxStreams !== undefined && { maxStreams: config.maxStreams }),
    ...(config.maxFileBytes !== undefined && { maxFileBytes: config.maxFileBytes }),
    onChangeHint: (listener) => {
      automation.wakeup.listen('events', listener);
      automation.wakeup.listen('runs', listener);
    },
    metrics,
  };
  return { config, store, clock, manualClock, ids, phones, logger, outside, automation, context, metrics };
}
