import type { Clock } from '../domain/clock.ts';
import type { IncomingEvent } from '../domain/events/event.ts';
import type { AcceptedEvent } from './engine-api.ts';
import type { EngineStore } from './ports.ts';

/** Events in one group's commit, so one commit stays short. Default: 1,000. */
export const DEFAULT_GROUP_EVENTS = 1000;

export interface GroupCommitOptions {
  readonly store: EngineStore;
  readonly clock: Clock;
  /** Called once after each commit that stored at least one new event. */
  readonly committed: () => void;
  /** Most events in one group; a request with more than this commits alone. Default: 1,000. */
  readonly maxEvents?: number;
}

interface Waiting {
  readonly events: readonly IncomingEvent[];
  readonly resolve: (results: AcceptedEvent[]) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Accepting with group commit: calls that arrive while a commit is in flight (and calls of the
 * same turn of the event loop) are stored together, in one transaction and one multi-row insert,
 * so a burst of requests costs one sync instead of one each. At most one accept transaction is in
 * flight per process.
 *
 * Invariants a change here can break:
 * - A caller is answered only after the commit that holds its events: its answer promises they
 *   are durable.
 * - A caller's events commit together or not at all (a request's batch is all or nothing), and
 *   one caller's bad event must not fail its neighbours: when a group fails for a reason other
 *   than the database's passing trouble, each caller is committed alone.
 * - Order is call order: the first occurrence of an id is the accepted one, and `seq` follows it.
 */
export function createGroupCommit(
  options: GroupCommitOptions,
): (events: readonly IncomingEvent[]) => Promise<AcceptedEvent[]> {
  const maxEvents = options.maxEvents ?? DEFAULT_GROUP_EVENTS;
  const queue: Waiting[] = [];
  let running = false;

  async function drain(): Promise<void> {
    try {
      while (queue.length > 0) {
        const group = takeGroup();
        // commitGroup answers every caller itself; this only keeps a bug from leaving one waiting.
        await commitGroup(group).catch((error: unknown) => {
          for (const waiting of group) waiting.reject(error);
        });
      }
    } finally {
      running = false;
    }
  }

  /** The callers at the head of the queue, up to `maxEvents` events; always at least one caller. */
  function takeGroup(): Waiting[] {
    let size = (queue[0] as Waiting).events.length;
    let count = 1;
    while (count < queue.length && size + (queue[count] as Waiting).events.length <= maxEvents) {
      size += (queue[count] as Waiting).events.length;
      count += 1;
    }
    return queue.splice(0, count);
  }

  async function commitGroup(group: readonly Waiting[]): Promise<void> {
    let answers: AcceptedEvent[][];
    try {
      answers = await store(group);
    } catch (error) {
      // Nothing of the group is stored (its transaction rolled back), so trying again is safe.
      // Passing trouble (busy, a lost connection) would hit each caller alone just the same:
      // they all answer "try again". Anything else may be one caller's bad event.
      if (group.length === 1 || options.store.isTransient(error)) {
        for (const waiting of group) waiting.reject(error);
        return;
      }
      for (const waiting of group) await commitGroup([waiting]);
      return;
    }
    if (answers.some((answer) => answer.some((result) => result.status === 'accepted'))) options.committed();
    for (const [index, waiting] of group.entries()) waiting.resolve(answers[index] as AcceptedEvent[]);
  }

  /** One transaction for the whole group; answers each caller's results, in its order. */
  async function store(group: readonly Waiting[]): Promise<AcceptedEvent[][]> {
    const all = group.flatMap((waiting) => waiting.events);
    const inserted = await options.store.transaction((tx) => tx.events.insertMany(all, options.clock.now()));
    // Committed. Only the first occurrence of an id may claim the insert: later ones in the same
    // group, like ids stored before, are duplicates.
    const claimed = new Set<string>();
    const answers = group.map((waiting) =>
      waiting.events.map((event): AcceptedEvent => {
        const accepted = inserted.has(event.id) && !claimed.has(event.id);
        claimed.add(event.id);
        return { id: event.id, status: accepted ? 'accepted' : 'duplicate' };
      }),
    );
    return answers;
  }

  return (events) => {
    if (events.length === 0) return Promise.resolve([]);
    const { promise, resolve, reject } = Promise.withResolvers<AcceptedEvent[]>();
    queue.push({ events, resolve, reject });
    if (!running) {
      running = true;
      // Started on the next turn, so the calls of this turn join the first group.
      setImmediate(() => void drain());
    }
    return promise;
  };
}
