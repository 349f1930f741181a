import type { Clock } from '../domain/clock.ts';
import type { Pipeline, Stage, StageSemantics } from '../domain/pipeline.ts';
import type { NewRevision, Revision } from '../domain/revisions.ts';
import type { ActAs, Guard, RepeatMode, RetryPolicy, Robot, Trigger } from '../domain/rules.ts';
import type { User } from '../domain/user.ts';
import type { DocumentTemplatesPort } from './ports.ts';

/**
 * What the rule commands (create, change, delete, restore, import) need from storage. Inside
 * `transaction` a change and its revision commit together or not at all. Shapes are structural:
 * the store's repositories satisfy them without importing anything from here.
 */
export interface RuleStore {
  transaction<T>(work: (tx: RuleTx) => Promise<T>): Promise<T>;
}

interface Placed {
  /** Default: a new id; given when a deleted rule is restored with its own id. */
  readonly id?: string | undefined;
  readonly name: string;
  readonly pipelineId: string;
  readonly stageId: string;
  readonly enabled?: boolean | undefined;
}

export interface TriggerRecord extends Placed {
  readonly eventType: string;
  readonly filter?: unknown;
  readonly condition?: unknown;
  readonly allowBackward?: boolean | undefined;
  readonly actAs?: ActAs | null | undefined;
}

export interface RobotRecord extends Placed {
  readonly action: { readonly type: string; readonly params: Readonly<Record<string, unknown>> };
  readonly timing?: unknown;
  readonly condition?: unknown;
  readonly afterPrevious?: boolean | undefined;
  readonly repeat?: RepeatMode | undefined;
  readonly retry?: RetryPolicy | undefined;
  readonly sort?: number | undefined;
  readonly actAs?: ActAs | null | undefined;
}

export interface GuardRecord extends Placed {
  readonly condition: unknown;
  readonly message: string;
}

export interface StageRecord {
  readonly name: string;
  readonly semantics?: StageSemantics | undefined;
  readonly color?: string | null | undefined;
}

export interface RuleWritesPort {
  findTrigger(id: string): Promise<Trigger | undefined>;
  findRobot(id: string): Promise<Robot | undefined>;
  findGuard(id: string): Promise<Guard | undefined>;
  createTrigger(input: TriggerRecord, now: Date): Promise<Trigger>;
  createRobot(input: RobotRecord, now: Date): Promise<Robot>;
  createGuard(input: GuardRecord, now: Date): Promise<Guard>;
  updateTrigger(
    id: string,
    changes: Partial<TriggerRecord>,
    expected: number | undefined,
    now: Date,
  ): Promise<Trigger>;
  updateRobot(
    id: string,
    changes: Partial<RobotRecord>,
    expected: number | undefined,
    now: Date,
  ): Promise<Robot>;
  updateGuard(
    id: string,
    changes: Partial<GuardRecord>,
    expected: number | undefined,
    now: Date,
  ): Promise<Guard>;
  deleteTrigger(id: string): Promise<void>;
  deleteRobot(id: string): Promise<void>;
  deleteGuard(id: string): Promise<void>;
  /** Every rule of a pipeline, enabled or not; robots in stage order. */
  rulesOfPipeline(pipelineId: string): Promise<{ triggers: Trigger[]; robots: Robot[]; guards: Guard[] }>;
}

export interface PipelineWritesPort {
  find(id: string): Promise<Pipeline | undefined>;
  findStage(id: string): Promise<Stage | undefined>;
  create(
    input: {
      readonly name: string;
      readonly entityType: string;
      readonly settings?: Readonly<Record<string, unknown>> | undefined;
      readonly stages: readonly StageRecord[];
    },
    now: Date,
  ): Promise<Pipeline>;
  delete(id: string): Promise<void>;
  addStage(
    pipelineId: string,
    input: StageRecord & { readonly afterStageId?: string | null | undefined },
    expected: number | undefined,
    now: Date,
  ): Promise<Stage>;
  updateStage(
    pipelineId: string,
    stageId: string,
    changes: Partial<StageRecord>,
    expected: number | undefined,
    now: Date,
  ): Promise<Stage>;
  deleteStage(pipelineId: string, stageId: string, expected: number | undefined, now: Date): Promise<void>;
  reorderStages(
    pipelineId: string,
    stageIds: readonly string[],
    expected: number | undefined,
    now: Date,
  ): Promise<Pipeline>;
  reinsertStage(
    pipelineId: string,
    stage: StageRecord & { readonly id: string; readonly sort: number },
    now: Date,
  ): Promise<Stage>;
}

export interface RuleTx {
  readonly rules: RuleWritesPort;
  readonly pipelines: PipelineWritesPort;
  readonly users: {
    find(id: string): Promise<User | undefined>;
    findByEmail(email: string): Promise<User | undefined>;
  };
  /** Read by the validation of create_document's `template`. */
  readonly documentTemplates: Pick<DocumentTemplatesPort, 'find'>;
  readonly revisions: {
    add(revision: NewRevision, now: Date): Promise<Revision>;
    find(id: string): Promise<Revision | undefined>;
  };
}

/** What every rule command shares. */
export interface RuleContext {
  readonly store: RuleStore;
  readonly clock: Clock;
}
