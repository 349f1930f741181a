import type { Selectable } from 'kysely';
import {
  DEFAULT_RETRY,
  type Guard,
  type RepeatMode,
  type RetryPolicy,
  type Robot,
  type Trigger,
} from '../../domain/rules.ts';
import { fromBool, fromJson } from '../columns.ts';
import type { GuardsTable, RobotsTable, TriggersTable } from '../schema.ts';

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

export function toTrigger(row: Selectable<TriggersTable>): Trigger {
  return {
    id: row.id,
    name: row.name,
    pipelineId: row.pipelineId,
    stageId: row.stageId,
    eventType: row.eventType,
    filter: fromJson<unknown>(row.filter, null),
    condition: fromJson<unknown>(row.condition, null),
    allowBackward: fromBool(row.allowBackward),
    enabled: fromBool(row.enabled),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

export function toRobot(row: Selectable<RobotsTable>): Robot {
  return {
    id: row.id,
    name: row.name,
    pipelineId: row.pipelineId,
    stageId: row.stageId,
    action: { type: row.actionType, params: fromJson<Record<string, unknown>>(row.params, {}) },
    timing: fromJson<unknown>(row.timing, DEFAULT_TIMING),
    condition: fromJson<unknown>(row.condition, null),
    afterPrevious: fromBool(row.afterPrevious),
    repeat: row.repeat as RepeatMode,
    retry: { ...DEFAULT_RETRY, ...fromJson<Partial<RetryPolicy>>(row.retry, {}) },
    sort: row.sort,
    enabled: fromBool(row.enabled),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

export function toGuard(row: Selectable<GuardsTable>): Guard {
  return {
    id: row.id,
    name: row.name,
    pipelineId: row.pipelineId,
    stageId: row.stageId,
    condition: fromJson<unknown>(row.condition, null),
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
