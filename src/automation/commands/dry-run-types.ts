import type { ConditionTrace } from '../../domain/conditions/explain-condition.ts';

/**
 * What a dry run and a template preview answer (the API's shapes; the web UI reads the same in
 * web/src/pages/automation/automation-types.ts).
 */

export type TemplatePreviewResult =
  | { readonly text: string }
  | { readonly error: { readonly message: string; readonly line?: number; readonly column?: number } };

/** A sample event: for a trigger, the event it is tried with; for templates, the `event.*` facts. */
export interface SampleEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface OutsideCall {
  readonly kind: 'email' | 'sms' | 'http';
  /** "Email to buyer@example.test: Your order", "POST https://erp.example/hook". */
  readonly summary: string;
  /** email: to, subject, text, html; sms: to, text; http: method, url, headers, body. */
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface DryRunGuard {
  readonly guardId: string;
  readonly name: string;
  readonly passed: boolean;
  readonly message: string;
  readonly trace: ConditionTrace;
}

export interface DryRunMove {
  readonly fromStageId: string;
  readonly fromStageName: string;
  readonly toStageId: string;
  readonly toStageName: string;
  readonly outcome: 'moved' | 'refused' | 'loop' | 'same_stage';
  readonly message: string | null;
  readonly guards: readonly DryRunGuard[];
}

/**
 * What a waiting run waits for: `previous`, the run of the robot before it (an after-previous
 * robot); `field`, its date field, empty on the item (an `at` timing).
 */
export type RunWaitsFor = 'previous' | 'field';

/**
 * Why a run would be skipped: `condition`, its condition does not hold now (it is checked again
 * when the run fires); `once_per_item`, its robot runs once per item and already ran for it;
 * `chain_depth`, the chain of rules setting one another off reached its depth limit.
 */
export type RunSkipReason = 'condition' | 'once_per_item' | 'chain_depth';

export interface DryRunRun {
  readonly robotId: string;
  readonly robotName: string;
  /** Null for a draft. */
  readonly robotVersion: number | null;
  readonly stageId: string;
  readonly stageName: string;
  readonly status: 'scheduled' | 'waiting' | 'skipped';
  readonly dueAt: string | null;
  /** Set exactly when `status` is `waiting`. */
  readonly waitsFor: RunWaitsFor | null;
  /** Set exactly when `status` is `skipped`. */
  readonly skipReason: RunSkipReason | null;
  /** The same in an English sentence, with the instants it counts from. */
  readonly note: string;
  /**
   * The person the robot acts as (`actAs`), resolved for the item now: the author of what the
   * run writes, as in a real run. Null when the robot itself is the author.
   */
  readonly actingAs: ActingAs | null;
  readonly condition: ConditionTrace | null;
  readonly action: {
    readonly type: string;
    readonly rendered: Readonly<Record<string, TemplatePreviewResult>>;
    readonly changes: Readonly<Record<string, unknown>> | null;
    readonly error: string | null;
  };
}

/** A person a rule acts as. */
export interface ActingAs {
  readonly userId: string;
  readonly name: string;
}

export interface DryRunTriggerVerdict {
  readonly matched: boolean;
  readonly verdict: string;
  readonly reason: string;
  /** The person the trigger acts as (`actAs`), the author of its move; null: the trigger itself. */
  readonly actingAs: ActingAs | null;
  readonly filter: ConditionTrace | null;
  readonly condition: ConditionTrace | null;
}

export interface DryRunResult {
  readonly kind: 'robot' | 'trigger';
  readonly now: string;
  readonly item: {
    readonly id: string;
    readonly title: string;
    readonly stageId: string;
    readonly stageName: string;
  };
  readonly trigger: DryRunTriggerVerdict | null;
  readonly move: DryRunMove | null;
  readonly runs: readonly DryRunRun[];
  readonly outsideCalls: readonly OutsideCall[];
}
