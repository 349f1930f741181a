import type { IncomingEvent } from '../domain/events/event.ts';
import type { Author, Item } from '../domain/item.ts';
import type { WorkKind } from './engine-context.ts';

export interface AcceptedEvent {
  readonly id: string;
  /** `duplicate`: an event with this id was accepted before; it is not processed again. */
  readonly status: 'accepted' | 'duplicate';
}

/** The automation engine as the API, the CLI and the worker see it. */
export interface Engine {
  /**
   * Stores the events (durable before this returns) and wakes the runner, which processes them:
   * trigger matching, moves, run planning. Accepting never waits for the processing of earlier
   * events. A crash after accepting loses nothing: pending events are processed at start.
   */
  accept(events: readonly IncomingEvent[]): Promise<AcceptedEvent[]>;
  /**
   * Processes accepted events that are not processed yet, oldest first, until none is left
   * (including those that processing itself writes). Returns how many. Safe to run in several
   * processes at once: each event is claimed by one. Once `signal` aborts, the rest is left
   * pending.
   */
  processPending(signal?: AbortSignal): Promise<number>;
  /**
   * Waits until none of these events is pending, or until `signal` aborts. Answers whether they
   * were all processed (or failed) by then.
   */
  waitForEvents(ids: readonly string[], signal: AbortSignal): Promise<boolean>;
  /**
   * Work became due outside the engine (a run retried, the clock moved): wakes the runner here
   * and, on PostgreSQL, in the other processes. The one wake-up path.
   */
  wake(what: WorkKind): void;
  /**
   * Executes one claimed run (status `running`, lease held by the caller): checks the condition,
   * runs the action, records the outcome, schedules a retry or plans what follows. `owner` is the
   * worker that claimed it: nothing is written unless that worker still holds the run's lease.
   */
  executeRun(runId: string, signal: AbortSignal, owner: string): Promise<void>;
  /**
   * A manual move: through the guards (a refusal throws `guard_refused`), then the stage change;
   * what the move causes (triggers on item.stage_changed, robots) follows in the runner.
   */
  moveItem(command: {
    itemId: string;
    toStageId: string;
    expectedVersion?: number | undefined;
    author: Author;
  }): Promise<{ item: Item; moved: boolean; fromStageId: string; toStageId: string }>;
}

/** Runs whatever is due now, until nothing is (the manual clock's advance, tests). */
export interface Drainable {
  drain(): Promise<number>;
}
