import type { Clock } from '../domain/clock.ts';
import { type Sleeper, timerSleeper } from './sleep.ts';
import { silentLogger, type WorkerLogger } from './worker-logger.ts';

/** What a prune removed (store/retention-store.ts answers this shape). */
export interface PruneCounts {
  readonly journalEntries: number;
  readonly runs: number;
  readonly events: number;
}

export interface RetentionOptions {
  /** Deletes what is older than `cutoff` (the store's RetentionStore.prune). */
  readonly prune: (cutoff: Date) => Promise<PruneCounts>;
  readonly clock: Clock;
  /** How long the journal is kept. STAGEFLOW_JOURNAL_RETENTION_DAYS, default 90 days. */
  readonly retentionDays: number;
  /** Time between prunes. Default: one day. */
  readonly intervalMs?: number | undefined;
  readonly sleeper?: Sleeper | undefined;
  readonly logger?: WorkerLogger | undefined;
}

export interface RetentionTask {
  /** Prunes once now; answers what went. */
  runOnce(): Promise<PruneCounts>;
  /** Ends the schedule; waits for a prune in progress. */
  stop(): Promise<void>;
}

const DAY_MS = 86_400_000;

/** The moment before which records are pruned. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/**
 * Prunes the journal once at start and then every `intervalMs`. Several processes may run it
 * (each `serve` and `worker`): deleting what another process already deleted is harmless. A failed
 * prune is logged and tried again at the next interval.
 */
export function startRetention(options: RetentionOptions): RetentionTask {
  const sleeper = options.sleeper ?? timerSleeper;
  const logger = options.logger ?? silentLogger;
  const intervalMs = options.intervalMs ?? DAY_MS;
  const controller = new AbortController();

  const runOnce = async (): Promise<PruneCounts> => {
    const cutoff = retentionCutoff(options.clock.now(), options.retentionDays);
    const counts = await options.prune(cutoff);
    logger.info({ cutoff: cutoff.toISOString(), ...counts }, 'journal pruned');
    return counts;
  };

  const loop = (async () => {
    while (!controller.signal.aborted) {
      try {
        await runOnce();
      } catch (error) {
        logger.error({ err: error }, 'pruning the journal failed');
      }
      await sleeper.sleep(intervalMs, controller.signal);
    }
  })();

  return {
    runOnce,
    async stop() {
      controller.abort();
      await loop;
    },
  };
}
