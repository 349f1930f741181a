import type { Robot, Trigger } from '../domain/rules.ts';
import type { EngineTx } from './ports.ts';

/**
 * A transaction that is always rolled back: the engine's real code runs in it to answer "what
 * would happen" (a dry run) and nothing it writes is ever committed. The store implements it.
 */
export interface Sandbox {
  /**
   * Runs `work` in one database transaction and rolls it back whatever happens, answering what
   * `work` answered (or throwing what it threw). The writes are seen inside, by `work`, only.
   */
  run<T>(work: (tx: SandboxTx) => Promise<T>): Promise<T>;
}

export interface SandboxTx extends EngineTx {
  /** Rules read and written for trying them: a draft is inserted, and rolled back with the rest. */
  readonly drafts: DraftRulesPort;
  /**
   * Runs `work` behind a savepoint: when it throws, its writes are undone and the transaction
   * stays usable (on PostgreSQL a failed statement would otherwise abort all that follows).
   */
  attempt<T>(work: () => Promise<T>): Promise<T>;
}

export interface DraftRulesPort {
  findTrigger(id: string): Promise<Trigger | undefined>;
  createTrigger(input: NewTriggerDraft, now: Date): Promise<Trigger>;
  createRobot(input: NewRobotDraft, now: Date): Promise<Robot>;
}

export interface NewTriggerDraft {
  readonly name: string;
  readonly pipelineId: string;
  readonly stageId: string;
  readonly eventType: string;
  readonly filter?: unknown;
  readonly condition?: unknown;
  readonly allowBackward?: boolean | undefined;
  readonly enabled?: boolean | undefined;
}

export interface NewRobotDraft {
  readonly name: string;
  readonly pipelineId: string;
  readonly stageId: string;
  readonly action: { readonly type: string; readonly params: Readonly<Record<string, unknown>> };
  readonly timing?: unknown;
  readonly condition?: unknown;
  readonly afterPrevious?: boolean | undefined;
  readonly repeat?: Robot['repeat'] | undefined;
  readonly retry?: Robot['retry'] | undefined;
  readonly sort?: number | undefined;
  readonly enabled?: boolean | undefined;
}
