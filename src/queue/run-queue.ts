/**
 * What the worker needs from storage: the `runs` table as a queue. The store implements it
 * (store/run-queue-store.ts) without importing anything from here; the composition root joins the
 * two. All times come from the worker's clock.
 */
export interface ClaimedRun {
  readonly id: string;
  /** Attempts including this one. */
  readonly attempts: number;
  readonly leaseExpiresAt: string;
}

export interface ClaimRequest {
  /** The worker's id, written to `lease_owner`. */
  readonly owner: string;
  readonly now: Date;
  readonly leaseMs: number;
  /** Most runs to claim. */
  readonly limit: number;
  /**
   * Runs the claimer is executing now: never claimed again, even when their lease looks expired
   * (a heartbeat that could not reach the database, the clock jumping forward). The execution
   * under way is the one attempt; a second one in the same worker would repeat the action.
   */
  readonly executing?: readonly string[] | undefined;
}

export interface RunQueue {
  /**
   * Claims due runs (scheduled with due_at <= now) and runs whose lease expired (their worker
   * died): status `running`, lease to `owner` until now + leaseMs, attempts + 1, started now. Two
   * claimers never get the same run.
   */
  claim(request: ClaimRequest): Promise<ClaimedRun[]>;
  /** Extends the leases `owner` still holds; answers the ids it still holds. */
  extendLeases(ids: readonly string[], owner: string, now: Date, leaseMs: number): Promise<string[]>;
  /**
   * Gives back runs `owner` claimed but did not finish: scheduled, due now, attempts - 1 (the
   * attempt did not happen), lease cleared. Answers the ids released.
   */
  release(ids: readonly string[], owner: string, now: Date): Promise<string[]>;
  /**
   * The earliest moment a claim could find work: the first due time of a scheduled run, or the
   * first expiry of another worker's lease. Undefined when there is none.
   */
  nextWakeAt(owner: string): Promise<Date | undefined>;
}

/**
 * Executes one claimed run and records its outcome itself (the engine's `executeRun`). `signal`
 * aborts when the worker stops or loses the lease; `owner` is the worker holding the lease, so the
 * outcome is written only while that worker still holds it.
 */
export type RunExecutor = (runId: string, signal: AbortSignal, owner: string) => Promise<void>;
