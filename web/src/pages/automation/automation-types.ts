/**
 * Shapes of the automation API the editor reads and writes: rules, the catalogue, conditions judged,
 * backfills, each rule's record and history (see /api/openapi.json for the full documents).
 */
export type Localized = Readonly<{ en: string; ru: string }>;
export type JsonSchema = Readonly<Record<string, unknown>>;
/** The condition language of DESIGN.md §2, as stored: `{all}`, `{any}`, `{not}` or a comparison. */
export type ConditionJson = Readonly<Record<string, unknown>>;

export type Timing =
  | { readonly kind: 'immediately'; readonly workingTime?: boolean }
  | { readonly kind: 'after'; readonly duration: string; readonly workingTime?: boolean }
  | {
      readonly kind: 'at';
      /** A date fact, a custom field, or the item's work: `task.deadline`, `activity.start`. */
      readonly field: string;
      readonly offset?: string;
      /** With `activity.start` only: the kind of activity counted (call, meeting, email, todo). */
      readonly activityType?: string;
      readonly workingTime?: boolean;
    };

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly initialDelay: string;
  readonly maxDelay: string;
}

interface RuleColumns {
  readonly id: string;
  readonly name: string;
  readonly pipelineId: string;
  readonly stageId: string;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface Trigger extends RuleColumns {
  readonly eventType: string;
  readonly filter: ConditionJson | null;
  readonly condition: ConditionJson | null;
  readonly allowBackward: boolean;
  /** The person the trigger's moves are attributed to; null: the trigger itself. */
  readonly actAs: ActAs;
}

export interface Robot extends RuleColumns {
  readonly action: { readonly type: string; readonly params: Readonly<Record<string, unknown>> };
  readonly timing: Timing;
  readonly condition: ConditionJson | null;
  readonly afterPrevious: boolean;
  readonly repeat: 'every-entry' | 'once-per-item';
  readonly retry: RetryPolicy;
  readonly sort: number;
  /** The person the robot's moves and entries are attributed to; null: the robot itself. */
  readonly actAs: ActAs;
}

/** Who a rule acts as: the item's responsible user, their supervisor, a user, or null (the rule). */
export type ActAs = 'responsible' | 'supervisor' | { readonly userId: string } | null;

export interface Guard extends RuleColumns {
  readonly condition: ConditionJson;
  readonly message: string;
}

export type RuleKind = 'trigger' | 'robot' | 'guard';

/** What POST /robots takes (and PATCH, with `version`); a draft in the editor has this shape. */
export type RobotDraft = Pick<
  Robot,
  | 'name'
  | 'stageId'
  | 'action'
  | 'timing'
  | 'condition'
  | 'afterPrevious'
  | 'repeat'
  | 'retry'
  | 'actAs'
  | 'enabled'
>;
export type TriggerDraft = Pick<
  Trigger,
  'name' | 'stageId' | 'eventType' | 'filter' | 'condition' | 'allowBackward' | 'actAs' | 'enabled'
>;
export type GuardDraft = Pick<Guard, 'name' | 'stageId' | 'condition' | 'message' | 'enabled'>;

// ---- GET /api/v1/catalogue ----

export type FactKind = 'string' | 'number' | 'date' | 'boolean' | 'list' | 'any';

export interface CatalogueEventType {
  readonly type: string;
  readonly description: Localized;
  /** JSON Schema; every node with `description` also has `x-description-ru`. */
  readonly dataSchema: JsonSchema;
  readonly open: boolean;
  readonly internal: boolean;
}

export interface CatalogueAction {
  readonly type: string;
  readonly description: Localized;
  /** JSON Schema; every node with `description` also has `x-description-ru`. */
  readonly paramsSchema: JsonSchema;
  /** Params (top-level names) whose text is a Liquid template over the item's facts. */
  readonly templateParams: readonly string[];
  readonly outsideEffects: boolean;
}

/** The work a robot's timing counts from, whose facts its templates read. */
export type WorkScope = 'task' | 'activity';

/** The work an `at` timing counts from: a task's deadline or an activity's start; none for others. */
export function workScopeOf(timing: Timing): WorkScope | undefined {
  if (timing.kind !== 'at') return undefined;
  if (timing.field === 'task.deadline') return 'task';
  return timing.field === 'activity.start' ? 'activity' : undefined;
}

/** A fact a condition, a timing or a template can name. */
export interface CatalogueFact {
  /** `item.amount`, `contact.email`, `event.data.subject`... */
  readonly path: string;
  readonly kind: FactKind;
  /**
   * `item`: item, contact, people, stage, documents, payments; `event`: the triggering event;
   * `task`, `activity`: the task or meeting a robot is timed against (only such robots read them).
   */
  readonly scope: 'item' | 'event' | WorkScope;
  /** Amounts in the item's currency. */
  readonly money?: boolean;
  readonly description: Localized;
}

/** An operator of the condition language and the fact kinds it fits. */
export interface CatalogueOperator {
  readonly op: string;
  readonly kinds: readonly FactKind[];
  /** What its right side is: nothing, one value (or another field), a list, two bounds, a regex. */
  readonly value: 'none' | 'one' | 'list' | 'range' | 'regex';
  /** Takes `percent` with `valueField` ("paid sum ≥ 50 % of the amount"). */
  readonly percent: boolean;
  /** Takes `plus` or `minus` with another numeric field ("amount − paid sum ≤ 1000"). */
  readonly arithmetic?: boolean;
  readonly description: Localized;
}

export interface Catalogue {
  readonly eventTypes: readonly CatalogueEventType[];
  readonly actions: readonly CatalogueAction[];
  readonly facts: readonly CatalogueFact[];
  readonly operators: readonly CatalogueOperator[];
}

/** GET /api/v1/pipelines/{id}/fields: custom fields in use on the pipeline's items and contacts. */
export interface PipelineField {
  /** `item.fields.meetingAt`, `contact.fields.city`. */
  readonly path: string;
  readonly kind: FactKind;
  /** Up to five values seen, for the picker's hint. */
  readonly examples: readonly unknown[];
}

// ---- POST /api/v1/templates/preview ----

export interface TemplatePreviewRequest {
  readonly itemId: string;
  /** Name → Liquid source. */
  readonly templates: Readonly<Record<string, string>>;
  /** Names rendered as HTML (every output escaped unless `| raw`). */
  readonly html?: readonly string[];
  /** A sample event, for templates over `event.*`. */
  readonly event?: { readonly type: string; readonly data: Readonly<Record<string, unknown>> };
  /** The robot's timing, for templates over the task or meeting it is timed against. */
  readonly timing?: Timing;
}

export type TemplatePreviewResult =
  | { readonly text: string }
  | { readonly error: { readonly message: string; readonly line?: number; readonly column?: number } };

export interface TemplatePreview {
  readonly results: Readonly<Record<string, TemplatePreviewResult>>;
}

// ---- how a condition was judged (dry runs, backfill previews) ----

/** A comparison as evaluated: the field, the operator, and the values on both sides. */
export interface Compared {
  readonly field: string;
  readonly op: string;
  readonly expected?: unknown;
  readonly valueField?: string;
  readonly percent?: number;
  /** The field added to or taken from `field`, and its value. */
  readonly plus?: string;
  readonly minus?: string;
  readonly operand?: unknown;
  readonly actual: unknown;
}

/** A condition evaluated part by part: every comparison with its values, every group's verdict. */
export interface ConditionTrace {
  readonly kind: 'all' | 'any' | 'not' | 'compare';
  readonly matched: boolean;
  readonly reason: string;
  readonly children?: readonly ConditionTrace[];
  readonly compared?: Compared;
}

// ---- backfill: POST /api/v1/{robots|triggers}/{id}/backfill/preview, .../backfill ----

export interface BackfillCandidate {
  readonly itemId: string;
  readonly title: string;
  readonly stageId: string;
  readonly stageName: string;
  readonly stageEnteredAt: string;
  readonly eligible: boolean;
  /** ok | condition | guard | already_planned | once_per_item | backward | final_stage */
  readonly reasonCode: string;
  readonly reason: string;
  readonly condition: ConditionTrace | null;
  /** Robots: when the run would be due (from the item's entry into the stage, not earlier than now). */
  readonly dueAt: string | null;
  readonly guard: { readonly guardId: string; readonly name: string; readonly message: string } | null;
}

export interface BackfillPreview {
  readonly kind: 'robot' | 'trigger';
  readonly ruleId: string;
  readonly ruleName: string;
  readonly now: string;
  readonly candidates: readonly BackfillCandidate[];
  readonly eligibleCount: number;
  /** More items than the preview lists (it lists the first 500). */
  readonly truncated: boolean;
}

export interface BackfillResult {
  readonly applied: readonly {
    readonly itemId: string;
    readonly runId: string | null;
    readonly dueAt: string | null;
  }[];
  readonly skipped: readonly {
    readonly itemId: string;
    readonly reasonCode: string;
    readonly reason: string;
  }[];
}

// ---- each rule's record ----

/** GET /api/v1/rules/record?pipelineId=: the last 30 days of each rule. */
export interface RuleRecord {
  readonly kind: 'trigger' | 'robot';
  readonly ruleId: string;
  /** Triggers: matched; robots: runs that did their action (succeeded or failed). */
  readonly fired: number;
  readonly notMatched: number;
  readonly skipped: number;
  readonly failed: number;
  readonly cancelled: number;
  readonly lastFiredAt: string | null;
}

export interface RuleRecords {
  readonly from: string;
  readonly to: string;
  readonly data: readonly RuleRecord[];
}

/** GET /api/v1/stats/rule-alerts */
export interface RuleAlert {
  readonly alert: 'quiet' | 'failing';
  readonly kind: 'trigger' | 'robot';
  readonly ruleId: string;
  readonly ruleName: string;
  readonly pipelineId: string;
  readonly pipelineName: string;
  readonly stageId: string;
  readonly stageName: string;
  /** quiet: fired before (30 days before the last 7), none in the last 7 days. */
  readonly firedBefore: number;
  readonly firedRecently: number;
  /** failing: failures in the last 7 days against the 7 days before. */
  readonly failedRecently: number;
  readonly failedBefore: number;
  readonly lastFiredAt: string | null;
}

// ---- history: GET /api/v1/revisions, POST /api/v1/revisions/{id}/restore ----

export interface Revision {
  readonly id: string;
  readonly ruleKind: 'trigger' | 'robot' | 'guard' | 'stage';
  readonly ruleId: string;
  readonly pipelineId: string;
  /** The rule's version after this change (before it, for a deletion). */
  readonly version: number;
  readonly change: 'created' | 'updated' | 'deleted' | 'restored' | 'imported';
  readonly before: Readonly<Record<string, unknown>> | null;
  readonly after: Readonly<Record<string, unknown>> | null;
  readonly actor: { readonly userId: string | null; readonly name: string };
  readonly at: string;
}
