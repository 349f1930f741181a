import type { ConditionTrace, RobotDraft, TemplatePreviewResult, TriggerDraft } from './automation-types.ts';

/** Shapes of the dry run (test mode) of a rule: POST /api/v1/dry-run and its answer. */
export type DryRunRequest = {
  readonly itemId: string;
  /** The sample event for a trigger; default: the trigger's event type with empty data. */
  readonly event?: { readonly type: string; readonly data: Readonly<Record<string, unknown>> };
} & (
  | { readonly robot: RobotDraft }
  | { readonly robotId: string }
  | { readonly trigger: TriggerDraft }
  | { readonly triggerId: string }
);

export interface DryRunGuard {
  readonly guardId: string;
  readonly name: string;
  readonly passed: boolean;
  readonly message: string;
  readonly trace: ConditionTrace;
}

export interface OutsideCall {
  readonly kind: 'email' | 'sms' | 'http';
  /** "Email to buyer@example.test: Your order", "POST https://erp.example/hook". */
  readonly summary: string;
  /** email: to, subject, text, html; sms: to, text; http: method, url, headers, body. */
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface DryRunRun {
  readonly robotId: string;
  readonly robotName: string;
  readonly robotVersion: number | null;
  readonly stageId: string;
  readonly stageName: string;
  /** `skipped`: a once-per-item robot that already ran, or the condition would not hold now. */
  readonly status: 'scheduled' | 'waiting' | 'skipped';
  readonly dueAt: string | null;
  /**
   * What a `waiting` run waits for (null otherwise): `previous`, the run of the robot before it
   * (an after-previous robot); `field`, its date field, empty on the item (an `at` timing).
   */
  readonly waitsFor: 'previous' | 'field' | null;
  /**
   * Why a `skipped` run is skipped (null otherwise): `condition`, it does not hold now;
   * `once_per_item`, it already ran for the item; `chain_depth`, too many rules set one another off.
   */
  readonly skipReason: 'condition' | 'once_per_item' | 'chain_depth' | null;
  /** The server's English sentence: "due at …", "waits until item.fields.meetingAt is set". Not for display. */
  readonly note: string;
  /** The person the robot acts as (actAs), the author of what it writes; null: the robot itself. */
  readonly actingAs: { readonly userId: string; readonly name: string } | null;
  /** The robot's condition evaluated on the item now (it is checked again when the run fires). */
  readonly condition: ConditionTrace | null;
  readonly action: {
    readonly type: string;
    /** Template params rendered on the item: name → text, or the render error. */
    readonly rendered: Readonly<Record<string, TemplatePreviewResult>>;
    /** What the action would change inside the CRM, as its run would record it. */
    readonly changes: Readonly<Record<string, unknown>> | null;
    readonly error: string | null;
  };
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
  /** For a trigger: whether it fires on this item with this event, and why. */
  readonly trigger: {
    readonly matched: boolean;
    readonly verdict: string;
    readonly reason: string;
    /** The person the trigger acts as (actAs), the author of its move; null: the trigger itself. */
    readonly actingAs: { readonly userId: string; readonly name: string } | null;
    readonly filter: ConditionTrace | null;
    readonly condition: ConditionTrace | null;
  } | null;
  /** The move the trigger (or a move_to_stage robot) would make, through the guards. */
  readonly move: {
    readonly fromStageId: string;
    readonly fromStageName: string;
    readonly toStageId: string;
    readonly toStageName: string;
    readonly outcome: 'moved' | 'refused' | 'loop' | 'same_stage';
    readonly message: string | null;
    readonly guards: readonly DryRunGuard[];
  } | null;
  /** For a robot: its one run on the item; for a trigger: the runs its move would plan. */
  readonly runs: readonly DryRunRun[];
  readonly outsideCalls: readonly OutsideCall[];
}
