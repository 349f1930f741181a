import type { Selectable } from 'kysely';
import { Type } from 'typebox';
import { ConditionSchema } from '../../domain/conditions/condition-schema.ts';
import {
  type ActAs,
  DEFAULT_RETRY,
  type Guard,
  REPEAT_MODES,
  type RepeatMode,
  type RetryPolicy,
  type Robot,
  type StoredRuleRef,
  storedRuleInvalid,
  type Trigger,
} from '../../domain/rules.ts';
import { TimingSchema } from '../../domain/timing/timing-schema.ts';
import { fromBool } from '../columns.ts';
import type { GuardsTable, RobotsTable, TriggersTable } from '../schema.ts';
import { readRuleChoice, readRulePart } from './stored-rule-parts.ts';

/**
 * The stored shapes of triggers, robots and guards and their mapping to domain objects. Inputs are
 * already validated (automation/rule-validation.ts): the repository only stores them.
 */
export interface NewTrigger {
  /** Default: a new id. Given when a deleted rule is restored with its own id. */
  readonly id?: string | undefined;
  readonly name: string;
  readonly pipelineId: string;
  readonly stageId: string;
  readonly eventType: string;
  readonly filter?: unknown;
  readonly condition?: unknown;
  /** Default: false. */
  readonly allowBackward?: boolean;
  /** Default: null (the trigger itself). */
  readonly actAs?: ActAs | null;
  /** Default: true. */
  readonly enabled?: boolean;
}
export type TriggerChanges = Partial<NewTrigger>;

export interface TriggerFilter {
  readonly pipelineId?: string | undefined;
  readonly stageId?: string | undefined;
  readonly eventType?: string | undefined;
  readonly enabled?: boolean | undefined;
}

export interface NewRobot {
  /** Default: a new id. Given when a deleted rule is restored with its own id. */
  readonly id?: string | undefined;
  readonly name: string;
  readonly pipelineId: string;
  readonly stageId: string;
  readonly action: { readonly type: string; readonly params: Readonly<Record<string, unknown>> };
  /** Default: { kind: 'immediately' }. */
  readonly timing?: unknown;
  readonly condition?: unknown;
  /** Default: false. */
  readonly afterPrevious?: boolean;
  /** Default: every-entry. */
  readonly repeat?: RepeatMode;
  /** Default: DEFAULT_RETRY. */
  readonly retry?: RetryPolicy;
  /** Default: after the stage's last robot. */
  readonly sort?: number;
  /** Default: null (the robot itself). */
  readonly actAs?: ActAs | null;
  /** Default: true. */
  readonly enabled?: boolean;
}
export type RobotChanges = Partial<NewRobot>;

export interface RobotFilter {
  readonly pipelineId?: string | undefined;
  readonly stageId?: string | undefined;
  readonly enabled?: boolean | undefined;
  readonly actionType?: string | undefined;
}

export interface NewGuard {
  /** Default: a new id. Given when a deleted rule is restored with its own id. */
  readonly id?: string | undefined;
  readonly name: string;
  readonly pipelineId: string;
  readonly stageId: string;
  readonly condition: unknown;
  readonly message: string;
  /** Default: true. */
  readonly enabled?: boolean;
}
export type GuardChanges = Partial<NewGuard>;

export interface GuardFilter {
  readonly pipelineId?: string | undefined;
  readonly stageId?: string | undefined;
  readonly enabled?: boolean | undefined;
}

export const DEFAULT_TIMING = { kind: 'immediately' } as const;

const Params = Type.Record(Type.String(), Type.Unknown());
/**
 * `actAs` is stored wrapped, `{"actAs": "responsible"}`: a bare JSON string would come back from
 * PostgreSQL's jsonb as a plain string, not to be told from SQLite's JSON text.
 */
const StoredActAs = Type.Object({
  actAs: Type.Union([
    Type.Literal('responsible'),
    Type.Literal('supervisor'),
    Type.Object({ userId: Type.String() }),
  ]),
});
const readActAs = (rule: StoredRuleRef, column: unknown): ActAs | null =>
  readRulePart(rule, 'actAs', StoredActAs, column ?? null, null)?.actAs ?? null;

/** The `act_as` column of a rule: null for the rule itself. */
export const toStoredActAs = (actAs: ActAs | null | undefined): string | null =>
  actAs === null || actAs === undefined ? null : JSON.stringify({ actAs });
const StoredRetry = Type.Partial(
  Type.Object({ maxAttempts: Type.Number(), initialDelay: Type.String(), maxDelay: Type.String() }),
);

export function toTrigger(row: Selectable<TriggersTable>): Trigger {
  const rule = { kind: 'trigger', id: row.id, name: row.name } as const;
  return {
    id: row.id,
    name: row.name,
    pipelineId: row.pipelineId,
    stageId: row.stageId,
    eventType: row.eventType,
    filter: readRulePart(rule, 'filter', ConditionSchema, row.filter, null),
    condition: readRulePart(rule, 'condition', ConditionSchema, row.condition, null),
    allowBackward: fromBool(row.allowBackward),
    actAs: readActAs(rule, row.actAs),
    enabled: fromBool(row.enabled),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

export function toRobot(row: Selectable<RobotsTable>): Robot {
  const rule = { kind: 'robot', id: row.id, name: row.name } as const;
  return {
    id: row.id,
    name: row.name,
    pipelineId: row.pipelineId,
    stageId: row.stageId,
    action: { type: row.actionType, params: readRulePart(rule, 'params', Params, row.params, {}) },
    timing: readRulePart(rule, 'timing', TimingSchema, row.timing, DEFAULT_TIMING),
    condition: readRulePart(rule, 'condition', ConditionSchema, row.condition, null),
    afterPrevious: fromBool(row.afterPrevious),
    repeat: readRuleChoice(rule, 'repeat', REPEAT_MODES, row.repeat),
    retry: { ...DEFAULT_RETRY, ...readRulePart(rule, 'retry', StoredRetry, row.retry, {}) },
    sort: row.sort,
    actAs: readActAs(rule, row.actAs),
    enabled: fromBool(row.enabled),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

export function toGuard(row: Selectable<GuardsTable>): Guard {
  const rule = { kind: 'guard', id: row.id, name: row.name } as const;
  const condition = readRulePart(rule, 'condition', ConditionSchema, row.condition, undefined);
  if (condition === undefined) throw storedRuleInvalid(rule, 'condition', 'is missing');
  return {
    id: row.id,
    name: row.name,
    pipelineId: row.pipelineId,
    stageId: row.stageId,
    condition,
    message: row.message,
    enabled: fromBool(row.enabled),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

/** A nullable JSON column: null stays SQL NULL, so "no filter" is not the JSON text "null". */
export const toNullableJson = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);
