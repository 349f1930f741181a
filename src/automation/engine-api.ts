import type { IncomingEvent } from '../domain/events/event.ts';
import type { Author, Item } from '../domain/item.ts';

export interface AcceptedEvent {
  readonly id: string;
  /** `duplicate`: an event with this id was accepted before; it is not processed again. */
  readonly status: 'accepted' | 'duplicate';
}

/** The automation engine as the API, the CLI and the worker see it. */
export interface Engine {
  /**
   * Stores the events (durable before this returns), then processes them: trigger matching, moves,
   * run planning. A crash between the two loses nothing: pending events are processed at start.
   */
  accept(events: readonly IncomingEvent[]): Promise<AcceptedEvent[]>;
  /** Processes accepted events that are not processed yet, oldest first. Returns how many. */
  processPending(): Promise<number>;
  /**
   * Executes one claimed run (status `running`, lease held by the caller): checks the condition,
   * runs the action, records the outcome, schedules a retry or plans what follows. `owner` is the
   * worker that claimed it: nothing is written unless that worker still holds the run's lease.
   */
  executeRun(runId: string, signal: AbortSignal, owner: string): Promise<void>;
  /** A manual move: through the guards (a refusal throws `guard_refused`), then the stage change. */
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
