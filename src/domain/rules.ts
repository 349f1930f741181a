import type { Condition } from './conditions/condition.ts';
import { AppError } from './errors.ts';
import type { Timing } from './timing/timing.ts';

/**
 * Rules an integrator configures: triggers move items when events happen, robots act when items
 * enter stages, guards refuse moves. Conditions and timings are JSON validated when saved (see
 * conditions/ and timing/) and parsed back into these types when read.
 */
/**
 * The person a rule acts as: its moves and history entries are attributed to them (Bitrix24's
 * "change stage as user"), while the journal still names the rule. `responsible` and `supervisor`
 * are resolved for the item when the rule acts; a user is named by id.
 */
export type ActAs = 'responsible' | 'supervisor' | { readonly userId: string };

export interface Trigger {
  readonly id: string;
  readonly name: string;
  readonly pipelineId: string;
  /** The stage the trigger moves items to. */
  readonly stageId: string;
  readonly eventType: string;
  /** Over the event: `event.data.*`, `event.type`. Null: every event of the type. */
  readonly filter: Condition | null;
  /** Over the item, contact, responsible user, documents and payments. Null: always. */
  readonly condition: Condition | null;
  /** Lets the trigger move items back (to a lower sort) and out of final stages. Default: false. */
  readonly allowBackward: boolean;
  /** The person the trigger's moves are attributed to; null: the trigger itself. */
  readonly actAs: ActAs | null;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export const REPEAT_MODES = ['every-entry', 'once-per-item'] as const;
export type RepeatMode = (typeof REPEAT_MODES)[number];

/** Retries of a failing run: exponential backoff with full jitter, capped. */
export interface RetryPolicy {
  /** Attempts in all, the first included. Default: 5. */
  readonly maxAttempts: number;
  /** Delay before the second attempt, ISO 8601 duration. Default: PT30S. */
  readonly initialDelay: string;
  /** Longest delay between attempts. Default: PT1H. */
  readonly maxDelay: string;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, initialDelay: 'PT30S', maxDelay: 'PT1H' };

export interface Robot {
  readonly id: string;
  readonly name: string;
  readonly pipelineId: string;
  /** The stage whose entry starts the robot. */
  readonly stageId: string;
  readonly action: { readonly type: string; readonly params: Readonly<Record<string, unknown>> };
  /** When the run is due (see timing/timing.ts). */
  readonly timing: Timing;
  /** Checked when the run fires, not when it is planned. Null: always. */
  readonly condition: Condition | null;
  /** Starts only after the previous robot of the stage (by sort) has finished for the same entry. */
  readonly afterPrevious: boolean;
  readonly repeat: RepeatMode;
  readonly retry: RetryPolicy;
  /** Order of the stage's robots. */
  readonly sort: number;
  /** The person the robot's moves and entries are attributed to; null: the robot itself. */
  readonly actAs: ActAs | null;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface Guard {
  readonly id: string;
  readonly name: string;
  readonly pipelineId: string;
  /** The stage the guard protects: every move into it is checked. */
  readonly stageId: string;
  /** Must hold for the move to go ahead. */
  readonly condition: Condition;
  /** Told to the person (409 detail) or journaled and notified when the move is refused. */
  readonly message: string;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** Which stored rule a problem belongs to, for the error that names it. */
export interface StoredRuleRef {
  readonly kind: 'trigger' | 'robot' | 'guard';
  readonly id: string;
  readonly name: string;
}

/**
 * A stored rule that cannot be read back: rules are validated when saved, so this is data written
 * past the API (by hand, a restore, another version). Never retried: reading again changes nothing.
 */
export function storedRuleInvalid(
  rule: StoredRuleRef,
  part: string,
  problem: string,
  cause?: unknown,
): AppError {
  return new AppError(
    'stored_rule_invalid',
    'internal',
    `The stored ${rule.kind} "${rule.name}" (${rule.id}) cannot be read: its ${part} ${problem}`,
    { retryable: false, details: { rule: rule.kind, ruleId: rule.id, part }, cause },
  );
}
