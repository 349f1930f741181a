import type { WorkKind } from '../automation/engine-context.ts';

export interface WakeupOptions {
  /**
   * Tells the runners of other processes (PostgreSQL NOTIFY); undefined where the database cannot
   * (SQLite, where one process does all the work). The payload names the kind and this process.
   */
  readonly broadcast?: ((payload: string) => Promise<void>) | undefined;
  /** This process in the payload, so its own notifications are not taken as news. */
  readonly processId: string;
  readonly onError?: ((error: unknown) => void) | undefined;
}

/**
 * The one wake-up path: every way work becomes due (events accepted, runs planned, retried,
 * re-planned, the clock moved) calls `wake`, which wakes this process's runner at once and, on
 * PostgreSQL, the runners of the other processes. Broadcasts are folded: while one is on its way,
 * any number of wake-ups make one more, so a burst of requests costs a few NOTIFYs, not one each.
 */
export class Wakeup {
  readonly #options: WakeupOptions;
  readonly #listeners: Record<WorkKind, (() => void)[]> = { events: [], runs: [] };
  readonly #sending: Record<WorkKind, Promise<void> | undefined> = { events: undefined, runs: undefined };
  readonly #again: Record<WorkKind, boolean> = { events: false, runs: false };

  constructor(options: WakeupOptions) {
    this.#options = options;
  }

  /** Registers what wakes up in this process when work of `kind` becomes due. */
  listen(kind: WorkKind, listener: () => void): void {
    this.#listeners[kind].push(listener);
  }

  /** Work of `kind` became due: wakes this process now and the others soon after. */
  wake(kind: WorkKind): void {
    this.wakeLocal(kind);
    this.#broadcast(kind);
  }

  /** Wakes this process only: for news from another process, which must not be echoed. */
  wakeLocal(kind: WorkKind): void {
    for (const listener of this.#listeners[kind]) listener();
  }

  /**
   * Takes a notification from another process (`payload` as broadcast). Answers false for this
   * process's own. An empty or unknown payload wakes everything: better a wasted claim than a
   * missed run.
   */
  receive(payload: string): boolean {
    const [kind, sender] = payload.split(':', 2);
    if (sender === this.#options.processId) return false;
    if (kind === 'events' || kind === 'runs') this.wakeLocal(kind);
    else for (const each of ['events', 'runs'] as const) this.wakeLocal(each);
    return true;
  }

  /** Resolves when no broadcast is on its way (before the database closes). */
  async idle(): Promise<void> {
    await Promise.all([this.#sending.events, this.#sending.runs]);
  }

  #broadcast(kind: WorkKind): void {
    const broadcast = this.#options.broadcast;
    if (broadcast === undefined) return;
    if (this.#sending[kind] !== undefined) {
      this.#again[kind] = true;
      return;
    }
    this.#sending[kind] = (async () => {
      try {
        do {
          this.#again[kind] = false;
          await broadcast(`${kind}:${this.#options.processId}`);
        } while (this.#again[kind]);
      } catch (error) {
        // The other processes find the work at their next claim anyway (their sleep is bounded).
        this.#options.onError?.(error);
      } finally {
        this.#sending[kind] = undefined;
      }
    })();
  }
}
