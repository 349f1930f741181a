import type { Logger } from 'pino';
import { findAction } from '../automation/actions/registry.ts';
import { type AutomationEngine, createEngine } from '../automation/engine.ts';
import { type CascadeLimits, DEFAULT_CASCADE_LIMITS } from '../automation/engine-context.ts';
import type { OutsidePorts } from '../automation/outside-ports.ts';
import { createTemplateEngine } from '../automation/templates/template-engine.ts';
import { WebhookDispatcher } from '../channels/webhooks/webhook-dispatcher.ts';
import type { Clock, IdGenerator } from '../domain/clock.ts';
import { BackgroundRetry } from '../queue/background-retry.ts';
import { type RetentionTask, startRetention } from '../queue/retention.ts';
import { Worker } from '../queue/worker.ts';
import type { Store } from '../store/database.ts';
import { isTransientDatabaseError } from '../store/database-errors.ts';
import { createEngineStore } from '../store/engine-store.ts';
import { listenForPlannedRuns, type RunsListener } from '../store/listen.ts';
import type { PostgresTimeouts } from '../store/postgres-pool.ts';
import { WebhooksRepository } from '../store/repositories/webhooks-repository.ts';
import { RetentionStore } from '../store/retention-store.ts';
import { RunQueueStore } from '../store/run-queue-store.ts';

export interface AutomationOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  /** The PostgreSQL URL for the LISTEN connection; undefined on SQLite. */
  readonly databaseUrl?: string | undefined;
  /** Connect timeout of the LISTEN connection, as the pool's. */
  readonly databaseTimeouts?: PostgresTimeouts | undefined;
  readonly limits?: CascadeLimits | undefined;
  /** How long the journal is kept. Default: 90 days. */
  readonly retentionDays?: number | undefined;
  /** Mail and HTTP for actions with outside effects (see outside.ts). */
  readonly outside?: OutsidePorts | undefined;
}

export interface Automation {
  readonly engine: AutomationEngine;
  readonly worker: Worker;
  /** Outgoing webhooks of the subscriptions; undefined without outgoing HTTP. */
  readonly webhooks: WebhookDispatcher | undefined;
  /**
   * Starts the background work: the worker loop, the LISTEN wake-up (PostgreSQL), journal pruning,
   * and the processing of events accepted before a crash.
   */
  start(options?: { readonly retention?: boolean }): Promise<void>;
  /** Stops the worker (releasing unfinished runs), the listener and pruning. */
  stop(): Promise<void>;
}

/** Wires the engine, the run queue and the worker over one store: the automation's composition root. */
export function createAutomation(options: AutomationOptions): Automation {
  const { store, clock, ids, logger } = options;
  let worker: Worker | undefined;
  const http = options.outside?.http;
  const webhooks =
    http === undefined
      ? undefined
      : new WebhookDispatcher({
          store: new WebhooksRepository(store.db, ids),
          http,
          clock,
          onError: (error) => logger.error({ err: error }, 'delivering webhooks failed'),
        });
  const engineCore = createEngine({
    store: createEngineStore(store.db, ids, store.capabilities),
    clock,
    ids,
    limits: options.limits ?? DEFAULT_CASCADE_LIMITS,
    templates: createTemplateEngine({ clock }),
    findAction,
    wake: () => {
      worker?.wake();
      // Processed events may be item events that subscriptions wait for.
      webhooks?.wake();
    },
    random: Math.random,
    outside: options.outside,
  });
  // Events stored by a request or a run whose processing then lost the database stay pending;
  // this processes them once the database is back, instead of at the next request or restart.
  const leftPending = new BackgroundRetry({
    name: 'processing pending events',
    work: () => engineCore.processPending(),
    logger: logger.child({ component: 'pending-events' }),
  });
  const engine = retryingPendingAfterOutages(engineCore, () => leftPending.request());
  worker = new Worker({
    queue: new RunQueueStore(store),
    execute: (runId, signal) => engine.executeRun(runId, signal),
    clock,
    logger: logger.child({ component: 'worker' }),
  });
  let listener: RunsListener | undefined;
  let retention: RetentionTask | undefined;
  const started = worker;
  return {
    engine,
    worker: started,
    webhooks,
    async start(startOptions = {}) {
      // Events accepted before a crash or restart are processed now: nothing accepted is lost.
      await engine.processPending();
      if (store.capabilities.supportsListenNotify && options.databaseUrl !== undefined) {
        listener = await listenForPlannedRuns(options.databaseUrl, {
          timeouts: options.databaseTimeouts,
          onNotify: () => started.wake(),
          onError: (error) => logger.warn({ err: error }, 'run notifications interrupted; reconnecting'),
        });
      }
      if (startOptions.retention ?? true) {
        const pruner = new RetentionStore(store.db);
        retention = startRetention({
          prune: (cutoff) => pruner.prune(cutoff),
          clock,
          retentionDays: options.retentionDays ?? 90,
          logger: logger.child({ component: 'retention' }),
        });
      }
      started.start();
      webhooks?.start();
    },
    async stop() {
      await started.stop();
      await leftPending.stop();
      await listener?.close();
      await retention?.stop();
      await webhooks?.stop();
    },
  };
}

/**
 * The engine, with every use case that processes pending events watched: when one fails on the
 * database's passing trouble, its events may be stored but unprocessed, and `onTrouble` has them
 * processed in the background. `processPending` alone is called after a change has committed
 * (a payment, a document, a task: see api/internal-events.ts); its passing trouble must not turn
 * that committed change into an error answer, which a client would repeat.
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
    async processPending() {
      try {
        return await engine.processPending();
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
