import type { Clock, IdGenerator } from '../domain/clock.ts';
import type { PhoneNumbers } from '../domain/phone-numbers.ts';
import type { ActionDefinition, TemplateRenderer } from './actions/define-action.ts';
import type { Metrics } from './metrics.ts';
import type { OutsidePorts } from './outside-ports.ts';
import type { EngineStore } from './ports.ts';

/** What became due: accepted events, or planned runs. */
export type WorkKind = 'events' | 'runs';

/** Limits that stop runaway cascades. */
export interface CascadeLimits {
  /** Longest chain of causes (event → move → run → move ...). Default: 10. */
  readonly maxDepth: number;
  /** Entries of one item into one stage within one chain before it is called a loop. Default: 3. */
  readonly maxReentries: number;
}

export const DEFAULT_CASCADE_LIMITS: CascadeLimits = { maxDepth: 10, maxReentries: 3 };

/** What every part of the engine shares. */
export interface EngineContext {
  readonly store: EngineStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Reads phone numbers in the default region (STAGEFLOW_DEFAULT_REGION). */
  readonly phones: PhoneNumbers;
  /** Currency (ISO 4217) of items created without one (STAGEFLOW_DEFAULT_CURRENCY). Default: USD. */
  readonly defaultCurrency?: string | undefined;
  readonly limits: CascadeLimits;
  readonly templates: TemplateRenderer;
  readonly findAction: (type: string) => ActionDefinition | undefined;
  /**
   * Called after a commit that made work due: `events` accepted (for the event loop), `runs`
   * planned (for the run worker). Wakes this process and, on PostgreSQL, the others.
   */
  readonly wake: (what: WorkKind) => void;
  /** Random numbers for retry jitter; injectable for tests. */
  readonly random: () => number;
  /** Mail and HTTP for actions with outside effects. Default: none (such actions fail). */
  readonly outside?: OutsidePorts | undefined;
  /** Counts of events and runs for monitoring. Default: none reported. */
  readonly metrics?: Metrics | undefined;
}

/** Why something happened: the chain a record belongs to. */
export interface Cause {
  readonly rootEventId: string | null;
  readonly depth: number;
  readonly eventId?: string | null | undefined;
  readonly runId?: string | null | undefined;
  readonly triggerId?: string | null | undefined;
  /** The journal entry that led here. */
  readonly journalId?: string | null | undefined;
}
