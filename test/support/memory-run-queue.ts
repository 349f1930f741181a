import type { ClaimedRun, ClaimRequest, RunQueue } from '../../src/queue/run-queue.ts';

export interface MemoryRun {
  status: 'scheduled' | 'running' | 'succeeded';
  dueAt: number;
  attempts: number;
  owner?: string | undefined;
  leaseUntil?: number | undefined;
}

/**
 * The RunQueue contract in memory: the reference the SQL of src/store/run-queue-store.ts follows, and
 * the queue of the worker's unit tests, which see its behaviour without a database.
 */
export class MemoryRunQueue implements RunQueue {
  readonly runs = new Map<string, MemoryRun>();

  add(id: string, dueAt: Date): void {
    this.runs.set(id, { status: 'scheduled', dueAt: dueAt.getTime(), attempts: 0 });
  }

  /** What an executor does at the end: the run is finished, if it was still running. */
  succeed(id: string): void {
    const run = this.runs.get(id);
    if (run?.status === 'running') run.status = 'succeeded';
  }

  async claim({ owner, now, leaseMs, limit, executing = [] }: ClaimRequest): Promise<ClaimedRun[]> {
    const t = now.getTime();
    const claimable = (run: MemoryRun) =>
      (run.status === 'scheduled' && run.dueAt <= t) ||
      (run.status === 'running' && (run.leaseUntil ?? 0) < t);
    const due = [...this.runs.entries()]
      .filter(([id, run]) => claimable(run) && !executing.includes(id))
      .sort(([, a], [, b]) => a.dueAt - b.dueAt)
      .slice(0, limit);
    return due.map(([id, run]) => {
      Object.assign(run, { status: 'running', owner, leaseUntil: t + leaseMs, attempts: run.attempts + 1 });
      return { id, attempts: run.attempts, leaseExpiresAt: new Date(t + leaseMs).toISOString() };
    });
  }

  async extendLeases(ids: readonly string[], owner: string, now: Date, leaseMs: number): Promise<string[]> {
    const held = this.#heldBy(ids, owner);
    for (const id of held) this.runs.get(id)!.leaseUntil = now.getTime() + leaseMs;
    return held;
  }

  async release(ids: readonly string[], owner: string, now: Date): Promise<string[]> {
    const held = this.#heldBy(ids, owner);
    for (const id of held) {
      const run = this.runs.get(id)!;
      Object.assign(run, {
        status: 'scheduled',
        dueAt: now.getTime(),
        attempts: Math.max(0, run.attempts - 1),
        owner: undefined,
        leaseUntil: undefined,
      });
    }
    return held;
  }

  async nextWakeAt(owner: string): Promise<Date | undefined> {
    const times = [...this.runs.values()].flatMap((run) => {
      if (run.status === 'scheduled') return [run.dueAt];
      if (run.status === 'running' && run.owner !== owner) return [run.leaseUntil ?? 0];
      return [];
    });
    return times.length === 0 ? undefined : new Date(Math.min(...times));
  }

  #heldBy(ids: readonly string[], owner: string): string[] {
    return ids.filter((id) => {
      const run = this.runs.get(id);
      return run?.status === 'running' && run.owner === owner;
    });
  }
}
