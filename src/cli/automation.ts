import type { Logger } from 'pino';
import { findAction } from '../automation/actions/registry.ts';
import { type AutomationEngine, createEngine } from '../automation/engine.ts';
import type { Drainable } from '../automation/engine-api.ts';
import { type CascadeLimits, DEFAULT_CASCADE_LIMITS } from '../automation/engine-context.ts';
import type { OutsidePorts } from '../automation/outside-ports.ts';
import { createTemplateEngine } from '../automation/templates/template-engine.ts';
import { WebhookDispatcher } from '../channels/webhooks/webhook-dispatcher.ts';
import type { Clock, IdGenerator } from '../domain/clock.ts';
import { ManualClock } from '../queue/clock.ts';
import { ManualSleeper } from '../queue/manual-sleeper.ts';
import { type RetentionTask, startRetention } from '../queue/retention.ts';
import { Wakeup } from '../queue/wakeup.ts';
import { WorkLoop } from '../queue/work-loop.ts';
import { defaultWorkerId, Worker } from '../queue/worker.ts';
import type { Store } from '../store/database.ts';
import { createEngineStore } from '../store/engine-store.ts';
import { listenForPlannedRuns, type RunsListener } from '../store/listen.ts';
import { WebhooksRepository } from '../store/repositories/webhooks-repository.ts';
import { RetentionStore } from '../store/retention-store.ts';
import { notifyRunsPlanned, RunQueueStore } from '../store/run-queue-store.ts';

export interface AutomationOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  /** The PostgreSQL URL for the LISTEN connection; undefined on SQLite. */
  readonly databaseUrl?: string | undefined;
  readonly limits?: CascadeLimits | undefined;
  /** How long the journal is kept. Default: 90 days. */
  readonly retentionDays?: number | undefined;
  /** Mail and HTTP for actions with outside effects (see outside.ts). */
  readonly outside?: OutsidePorts | undefined;
}

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
          store: new WebhooksRepository(store.db, ids),
          http,
          clock,
          onError: (error) => logger.error({ err: error }, 'delivering webhooks failed'),
        });
  const engine = createEngine({
    store: createEngineStore(store.db, ids, store.capabilities),
    clock,
    ids,
    limits: options.limits ?? DEFAULT_CASCADE_LIMITS,
    templates: createTemplateEngine({ clock }),
    findAction,
    wake: (what) => wakeup.wake(what),
    random: Math.random,
    outside: options.outside,
  });
  const started = new Worker({
    id: workerId,
    queue: new RunQueueStore(store),
    execute: (runId, signal) => engine.executeRun(runId, signal),
    clock,
    sleeper,
    logger: logger.child({ component: 'worker' }),
  });
  const events = new WorkLoop({
    name: 'events',
    work: (signal) => engine.processPending(signal),
    sleeper,
    logger: logger.child({ component: 'events' }),
  });
  wakeup.listen('events', () => events.wake());
  wakeup.listen('runs', () => started.wake());
  // Processed events may be item events that subscriptions wait for.
  wakeup.listen('runs', () => webhooks?.wake());
  const runner: Drainable = {
    async drain() {
      let ran = 0;
      // Runs may write events and events may plan runs due at once: go on until both are quiet.
      for (;;) {
        const processed = await engine.processPending();
        const executed = await started.drain();
        ran += executed;
        if (processed === 0 && executed === 0) return ran;
      }
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
    webhooks,
    async start(startOptions = {}) {
      // Nothing accepted is lost: the event loop's first round processes what a crash or restart
      // left pending, in the background, so a long backlog does not hold up the start.
      events.start();
      if (store.capabilities.supportsListenNotify && options.databaseUrl !== undefined) {
        listener = await listenForPlannedRuns(options.databaseUrl, {
          onNotify: (payload) => wakeup.receive(payload),
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
      await events.stop();
      await started.stop();
      await listener?.close();
      await retention?.stop();
      await webhooks?.stop();
      await wakeup.idle();
    },
  };
}
