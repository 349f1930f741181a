/** Time comes in through this interface, so tests and the manual clock can move it. */
export interface Clock {
  now(): Date;
}

/** Ids come in through this interface: sortable unique strings in production, sequential in tests. */
export type IdGenerator = () => string;
