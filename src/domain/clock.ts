/** Time comes in through this interface, so tests and the manual clock can move it. */
export interface Clock {
  now(): Date;
}

/** The machine's own time: the clock of every process not started with `STAGEFLOW_CLOCK=manual`. */
export const systemClock: Clock = { now: () => new Date() };

/** Ids come in through this interface: sortable unique strings in production, sequential in tests. */
export type IdGenerator = () => string;
