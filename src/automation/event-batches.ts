import { setImmediate as nextTurn } from 'node:timers/promises';
import { eventOrderKey } from '../domain/events/order-key.ts';
import type { RetryPolicy } from '../domain/rules.ts';
import type { EngineContext } from './engine-context.ts';
import { DEFAULT_EVENT_RETRY, processEvent } from './event-processor.ts';
import type { EventSettlement } from './metrics.ts';

/** How accepted events are processed. */
export interface EventProcessingOptions {
  /**
   * Events claimed and committed together in one transaction. On SQLite a batch holds the one
   * connection, so requests wait for it: keep it small. Default: 25.
   */
  readonly batchSize?: number | undefined;
  /**
   * Batch transactions at once in this process. SQLite has one connection, which serialises them
   * anyway: 1 there; on PostgreSQL each takes a pooled connection. Default: 1.
   */
  readonly concurrency?: number | undefined;
  /** Retrying a failed event. Default: 5 attempts, 2 s to 5 min apart, with jitter. */
  readonly retry?: RetryPolicy | undefined;
}

interface BatchResult {
  /** Events that changed state: processed, failed, or waiting for a retry. */
  readonly settled: number;
  readonly processed: number;
  /** What became of each settled event, reported once the batch committed. */
  readonly outcomes: readonly { readonly type: string; readonly outcome: EventSettlement }[];
}

/**
 * Processes pending events in batches until a round settles none: each lane claims a batch in one
 * transaction, processes its events in order (each in a savepoint), commits, and claims the next.
 * Rounds repeat because processing writes events of its own (the item.stage_changed of each move)
 * and releases events held back behind an earlier one of their key; the last of them must not wait
 * for some later wake-up. `afterBatch` is called after every batch with the number of events it
 * processed (waiting clients check again; the runs its moves planned are due).
 */
export async function processInBatches(
  context: EngineContext,
  options: EventProcessingOptions,
  afterBatch: (processed: number) => void,
  signal?: AbortSignal,
): Promise<number> {
  const batchSize = options.batchSize ?? 25;
  const lanes = Math.max(1, options.concurrency ?? 1);
  const retry = options.retry ?? DEFAULT_EVENT_RETRY;
  let processed = 0;
  for (;;) {
    let settled = 0;
    let trouble: unknown;
    const lane = async (): Promise<void> => {
      while (signal?.aborted !== true) {
        // Between batches the event loop gets its turn: on SQLite no query yields to it, and a
        // backlog worked through in one go would keep every request, even /healthz, waiting.
        await nextTurn();
        let result: BatchResult = { settled: 0, processed: 0, outcomes: [] };
        try {
          result = await processBatch(context, batchSize, retry);
        } catch (error) {
          // A passing database trouble: the batch is rolled back, its events pending for a retry.
          trouble ??= error;
          return;
        } finally {
          afterBatch(result.processed);
        }
        for (const { type, outcome } of result.outcomes) context.metrics?.eventSettled(type, outcome);
        settled += result.settled;
        processed += result.processed;
        if (result.settled === 0) return;
      }
    };
    await Promise.all(Array.from({ length: lanes }, lane));
    if (signal?.aborted === true) return processed;
    if (settled === 0) {
      // Nothing moved: what troubled the database is the caller's to retry (later, not spinning).
      if (trouble !== undefined && context.store.isTransient(trouble)) throw trouble;
      return processed;
    }
  }
}

async function processBatch(context: EngineContext, size: number, retry: RetryPolicy): Promise<BatchResult> {
  return context.store.transaction(async (tx) => {
    const events = await tx.events.claimBatch(size, context.clock.now());
    // Keys of events that wait for a retry: their later events in this batch wait behind them.
    const held = new Set<string>();
    let settled = 0;
    let processed = 0;
    const outcomes: { type: string; outcome: EventSettlement }[] = [];
    for (const event of events) {
      const key = eventOrderKey(event.subject);
      if (held.has(key)) continue;
      const outcome = await processEvent(context, tx, event, retry);
      if (outcome === 'taken') continue;
      settled += 1;
      outcomes.push({ type: event.type, outcome });
      if (outcome === 'processed') processed += 1;
      if (outcome === 'retrying') held.add(key);
    }
    return { settled, processed, outcomes };
  });
}

/** When the next event waiting for a retry is due, in milliseconds from now; undefined if none. */
export async function nextEventRetryInMs(context: EngineContext): Promise<number | undefined> {
  const now = context.clock.now();
  const next = await context.store.direct().events.nextAttemptAfter(now);
  return next === undefined ? undefined : Math.max(0, next.getTime() - now.getTime());
}
