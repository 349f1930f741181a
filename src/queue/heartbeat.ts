import type { Sleeper } from './sleep.ts';

export interface HeartbeatOptions {
  readonly intervalMs: number;
  readonly sleeper: Sleeper;
  /** One beat; answers whether to go on beating. */
  readonly beat: () => Promise<boolean>;
}

/**
 * Beats every `intervalMs` while started: the worker renews the leases of the runs it executes at a
 * third of the lease, so a live worker never loses a run while a dead one loses it within a lease.
 */
export class Heartbeat {
  readonly #options: HeartbeatOptions;
  #controller: AbortController | undefined;

  constructor(options: HeartbeatOptions) {
    this.#options = options;
  }

  /** Starts beating unless it already does. */
  start(): void {
    if (this.#controller !== undefined) return;
    const controller = new AbortController();
    this.#controller = controller;
    void this.#run(controller);
  }

  /** Stops at once: the current wait ends, no further beat happens. */
  stop(): void {
    this.#controller?.abort();
    this.#controller = undefined;
  }

  async #run(controller: AbortController): Promise<void> {
    const { signal } = controller;
    while (!signal.aborted) {
      await this.#options.sleeper.sleep(this.#options.intervalMs, signal);
      if (signal.aborted) return;
      if (!(await this.#options.beat())) break;
    }
    if (this.#controller === controller) this.#controller = undefined;
  }
}
