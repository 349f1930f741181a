import type { Logger } from 'pino';
import { findAction } from '../automation/actions/registry.ts';
import { ApprovalMail } from '../automation/approval-mail.ts';
import { type AutomationEngine, createEngine } from '../automation/engine.ts';
import type { Drainable } from '../automation/engine-api.ts';
import {
  type CascadeLimits,
  DEFAULT_CASCADE_LIMITS,
  type EngineContext,
} from '../automation/engine-context.ts';
import type { EventProcessingOptions } from '../automation/event-batches.ts';
import type { Metrics } from '../automation/metrics.ts';
import { NotificationMail } from '../automation/notification-mail.ts';
import type { OutsidePorts } from '../automation/outside-ports.ts';
import { createTemplateEngine } from '../automation/templates/template-engine.ts';
import { WebhookDispatcher } from '../channels/webhooks/webhook-dispatcher.ts';
import type { Clock, IdGenerator } from '../domain/clock.ts';
import { ManualClock } from '../domain/manual-clock.ts';
import type { PhoneNumbers } from '../domain/phone-numbers.ts';
import { BackgroundRetry } from '../queue/background-retry.ts';
import { ManualSleeper } from '../queue/manual-sleeper.ts';
import { type RetentionTask, startRetention } from '../queue/retention.ts';
import type { RunExecutor, RunQueue } from '../queue/run-queue.ts';
import { Wakeup } from '../queue/wakeup.ts';
import { WorkLoop } from '../queue/work-loop.ts';
import { defaultWorkerId, Worker, type WorkerOptions } from '../queue/worker.ts';
import type { Store } from '../store/database.ts';
import { isTransientDatabaseError } from '../store/database-errors.ts';
import { createEngineStore } from '../store/engine-store.ts';
import { listenForPlannedRuns, type RunsListener } from '../store/listen.ts';
import type { PostgresTimeouts } from '../store/postgres-pool.ts';
import {
  CHANGE_FEED_RETENTION_MS,
  ChangeFeedRepository,
} from '../store/repositories/change-feed-repository.ts';
import { NotificationEmailsRepository } from '../store/repositories/notification-emails-repository.ts';
import { WebhooksRepository } from '../store/repositories/webhooks-repository.ts';
import { RetentionStore } from '../store/retention-store.ts';
import { notifyRunsPlanned, RunQueueStore } from '../store/run-queue-store.ts';

export interface AutomationOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Reads phone numbers in the default region (STAGEFLOW_DEFAULT_REGION). */
  readonly phones: PhoneNumbers;
  /** Currency (ISO 4217) of items created without one (STAGEFLOW_DEFAULT_CURRENCY). Default: USD. */
  readonly defaultCurrency?: string | undefined;
  readonly logger: Logger;
  /** The PostgreSQL URL for the LISTEN connection; undefined on SQLite. */
  readonly databaseUrl?: string | undefined;
  /** Connect timeout of the LISTEN connection, as the pool's. */
  readonly databaseTimeouts?: PostgresTimeouts | undefined;
  readonly limits?: CascadeLimits | undefined;
  /** How long the journal is kept. Default: 90 days. */
  readonly retentionDays?: number | undefined;
  /**
   * Mail, HTTP and SMS for actions with outside effects (see outside.ts). Required: a process built
   * without them fails every such run for good.
   */
  readonly outside: OutsidePorts;
  /** Counts of events, runs and webhook deliveries. Default: none reported. */
  readonly metrics?: Metrics | undefined;
  /**
   * Batch size, concurrent batch transactions and retries of event processing. Default: batches
   * of 25 with retries (event-batches.ts); 4 batch transactions at once on PostgreSQL, 1 on SQLite.
   */
  readonly events?: EventProcessingOptions | undefined;
  /** Lease, batch size, concurrency... of the worker. Default: the worker's own defaults. */
  readonly worker?: WorkerTuning | undefined;
  /** The queue the worker claims from. Default: the `runs` table of `store`. */
  readonly queue?: RunQueue | undefined;
  /**
   * Absolute base of the links in notification mail (STAGEFLOW_PUBLIC_URL). Default:
   * http://localhost:3000.
   */
  readonly publicUrl?: string | undefined;
  /**
   * The jitter of retry delays (runs, notification and approval mail, webhooks): a number in [0, 1) that
   * scales each backoff ceiling. Default: Math.random; tests fix it to get exact due times.
   */
  readonly random?: (() => number) | undefined;
  /** Executes runs instead of the engine (tests of worker processes). Default: the engine. */
  readonly createExecutor?: ((worker: { id: string; wake: () => void }) => RunExecutor) | undefined;
}

/** The worker settings a process may choose; the rest (queue, clock, executor) is wired here. */
export type WorkerTuning = Pick<
  WorkerOptions,
  | 'leaseMs'
  | 'batchSize'
  | 'concurrency'
  | 'maxSleepMs'
  | 'minSleepMs'
  | 'graceMs'
  | 'abortWaitMs'
  | 'sleeper'
>;

export interface Automation {
  readonly engine: AutomationEngine;
  readonly worker: Worker;
  /** Processes accepted events in the background, woken when events are accepted. */
  readonly events: WorkLoop;
  /** The one wake-up path (events accepted, runs due), local and, on PostgreSQL, to the others. */
  readonly wakeup: Wakeup;
  /**
   * Processes pending events and executes due runs until neither is left, here and now: what
   * the background would do, for the manual clock and for tests that want a settled state.
   */
  readonly runner: Drainable;
  /** Sends the notification mail that is due (immediate emails, hourly digests, retries). */
  readonly notificationMail: NotificationMail;
  /** Sends the mail of approval steps that started, and its retries. */
  readonly approvalMail: ApprovalMail;
  /** Outgoing webhooks of the subscriptions; undefined without outgoing HTTP. */
  readonly webhooks: WebhookDispatcher | undefined;
  /**
   * Starts the background work: the event loop (its first round takes the events accepted before
   * a crash or restart), the worker loop, the LISTEN wake-up (PostgreSQL) and journal pruning.
   */
  start(options?: { readonly retention?: boolean }): Promise<void>;
  /** Stops the event loop, the worker (releasing unfinished runs), the listener and pruning. */
  stop(): Promise<void>;
}

/** Wires the engine, the run queue and the worker over one store: the automation's composition root. */
export function createAutomation(options: AutomationOptions): Automation {
  const { store, clock, ids, logger } = options;
  const random = options.random ?? Math.random;
  const workerId = defaultWorkerId();
  // On the manual clock time stands still: the runner sleeps until it is woken or the clock is
  // advanced past its sleep, never by real time passing, so only the wake-up path starts work.
  const sleeper = clock instanceof ManualClock ? new ManualSleeper(clock) : undefined;
  const wakeup = new Wakeup({
    processId: workerId,
    broadcast: store.capabilities.supportsListenNotify
      ? (payload) => notifyRunsPlanned(store.db, payload)
      : undefined,
    onError: (error) => logger.warn({ err: error }, 'waking the other processes failed'),
  });
  const http = options.outside?.http;
  const webhooks =
    http === undefined
      ? undefined
      : new WebhookDispatcher({
          store: new WebhooksRepository(store.db, ids, store.capabilities),
          http,
          clock,
          random,
          metrics: options.metrics,
        });
  const engineContext: EngineContext = {
    store: createEngineStore(store.db, ids, store.capabilities, options.phones),
    clock,
    ids,
    phones: options.phones,
    defaultCurrency: options.defaultCurrency,
    limits: options.limits ?? DEFAULT_CASCADE_LIMITS,
    templates: createTemplateEngine({ clock }),
    findAction,
    wake: (what) => wakeup.wake(what),
    random,
    outside: options.outside,
    metrics: options.metrics,
  };
  const engineCore = createEngine(engineContext, {
    ...options.events,
    // SQLite's one connection serialises transactions: more lanes would only queue there.
    concurrency: options.events?.concurrency ?? (store.capabilities.supportsSkipLocked ? 4 : 1),
  });
  // Events stored by a request or a run whose processing then lost the database stay pending;
  // this processes them once the database is back, instead of at the next request or restart.
  const leftPending = new BackgroundRetry({
    name: 'processing pending events',
    work: () => engineCore.processPending(),
    logger: logger.child({ component: 'pending-events' }),
  });
  const engine = retryingPendingAfterOutages(engineCore, () => leftPending.request());
  // The worker's id goes with every execution: the engine writes an outcome only while this
  // worker still holds the run's lease, so a worker that lost it cannot overwrite the new owner's.
  let worker: Worker | undefined;
  const execute: RunExecutor =
    options.createExecutor?.({ id: workerId, wake: () => worker?.wake() }) ??
    ((runId, signal, owner) => engine.executeRun(runId, signal, owner));
  const started = new Worker({
    ...options.worker,
    id: workerId,
    queue: options.queue ?? new RunQueueStore(store),
    execute,
    clock,
    sleeper: options.worker?.sleeper ?? sleeper,
    logger: logger.child({ component: 'worker' }),
  });
  worker = started;
  const events = new WorkLoop({
    name: 'events',
    work: (signal) => engine.processPending(signal),
    // A failed event waits for its retry: the loop wakes for it instead of the longest sleep.
    nextDueInMs: () => engine.nextEventRetryInMs(),
    sleeper,
    logger: logger.child({ component: 'events' }),
  });
  const webhookLoop =
    webhooks === undefined
      ? undefined
      : new WorkLoop({
          name: 'webhooks',
          work: (signal) => webhooks.drain(signal),
          // A failed delivery waits for its retry: the loop wakes for it.
          nextDueInMs: () => webhooks.nextDueInMs(),
          // The bound on noticing events that woke no runner here.
          maxSleepMs: 5_000,
          sleeper,
          logger: logger.child({ component: 'webhooks' }),
        });
  const notificationMail = new NotificationMail({
    queue: new NotificationEmailsRepository(store.db),
    mailer: options.outside?.mailer,
    clock,
    random,
    publicUrl: options.publicUrl ?? 'http://localhost:3000',
  });
  const mailLoop = new WorkLoop({
    name: 'notification mail',
    work: (signal) => notificationMail.drain(signal),
    // An hourly digest or a retry waits: the loop wakes for it.
    nextDueInMs: () => notificationMail.nextDueInMs(),
    sleeper,
    logger: logger.child({ component: 'notification-mail' }),
  });
  const approvalMail = new ApprovalMail({ context: engineContext });
  const approvalMailLoop = new WorkLoop({
    name: 'approval mail',
    work: (signal) => approvalMail.drain(signal),
    // A retry, or a mail another process holds, waits: the loop wakes when it is due.
    nextDueInMs: () => approvalMail.nextDueInMs(),
    sleeper,
    logger: logger.child({ component: 'approval-mail' }),
  });
  wakeup.listen('events', () => events.wake());
  // Notifications are written by runs, by event processing (refused moves) and by commands; each
  // wakes the runs afterwards (event processing after every batch that processed something).
  // Approval steps start the same ways (a robot's run, a decision, a deadline in the event pass).
  wakeup.listen('runs', () => mailLoop.wake());
  wakeup.listen('runs', () => approvalMailLoop.wake());
  wakeup.listen('runs', () => started.wake());
  // Processed events may be item events that subscriptions wait for.
  wakeup.listen('runs', () => webhookLoop?.wake());
  const runner: Drainable = {
    async drain() {
      let ran = 0;
      // Runs may write events and events may plan runs due at once: go on until both are quiet.
      for (;;) {
        const processed = await engine.processPending();
        const executed = await started.drain();
        ran += executed;
        if (processed === 0 && executed === 0) break;
      }
      // Sending mail writes no events and plans no runs: once, after both are quiet.
      await notificationMail.drain();
      await approvalMail.drain();
      return ran;
    },
  };
  let listener: RunsListener | undefined;
  let retention: RetentionTask | undefined;
  return {
    engine,
    worker: started,
    events,
    wakeup,
    runner,
    notificationMail,
    approvalMail,
    webhooks,
    async start(startOptions = {}) {
      // Nothing accepted is lost: the event loop's first round processes what a crash or restart
      // left pending, in the background, so a long backlog does not hold up the start.
      events.start();
      if (store.capabilities.supportsListenNotify && options.databaseUrl !== undefined) {
        listener = await listenForPlannedRuns(options.databaseUrl, {
          timeouts: options.databaseTimeouts,
          onNotify: (payload) => wakeup.receive(payload),
          onError: (error) => logger.warn({ err: error }, 'run notifications interrupted; reconnecting'),
        });
      }
      if (startOptions.retention ?? true) {
        const pruner = new RetentionStore(store.db);
        const changeFeed = new ChangeFeedRepository(store.db);
        retention = startRetention({
          prune: async (cutoff) => {
            const counts = await pruner.prune(cutoff);
            // The live views' change feed is kept a day in real time, also where no stream is
            // open (open streams prune it every minute as well).
            await changeFeed.prune(new Date(Date.now() - CHANGE_FEED_RETENTION_MS));
            return counts;
          },
          clock,
          retentionDays: options.retentionDays ?? 90,
          logger: logger.child({ component: 'retention' }),
        });
      }
      started.start();
      webhookLoop?.start();
      mailLoop.start();
      approvalMailLoop.start();
    },
    async stop() {
      await events.stop();
      await started.stop();
      await leftPending.stop();
      await listener?.close();
      await retention?.stop();
      await webhookLoop?.stop();
      await mailLoop.stop();
      await approvalMailLoop.stop();
      await wakeup.idle();
    },
  };
}

/**
 * The engine, with every use case that processes pending events watched: when one fails on the
 * database's passing trouble, its events may be stored but unprocessed, and `onTrouble` has them
 * processed in the background. `processPending` alone is called after a change has committed
 * (a payment, a document, a task: see automation/commands/internal-events.ts); its passing
 * trouble must not turn that committed change into an error answer, which a client would repeat.
 */
function retryingPendingAfterOutages(engine: AutomationEngine, onTrouble: () => void): AutomationEngine {
  const watch =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await call(...args);
      } catch (error) {
        if (isTransientDatabaseError(error)) onTrouble();
        throw error;
      }
    };
  return {
    ...engine,
    accept: watch(engine.accept),
    async processPending(...args) {
      try {
        return await engine.processPending(...args);
      } catch (error) {
        if (!isTransientDatabaseError(error)) throw error;
        onTrouble();
        return 0;
      }
    },
    executeRun: watch(engine.executeRun),
    moveItem: watch(engine.moveItem),
    createItem: watch(engine.createItem),
  };
}
