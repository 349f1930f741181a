import { validateCondition } from '../domain/conditions/validate-condition.ts';
import { AppError, type FieldProblem } from '../domain/errors.ts';
import { EVENT_TYPES, eventDataFields, findEventType } from '../domain/events/catalogue.ts';
import type { FactScope } from '../domain/facts.ts';
import type { Pipeline, Stage } from '../domain/pipeline.ts';
import type { ActAs, RetryPolicy } from '../domain/rules.ts';
import { type Duration, readDuration } from '../domain/timing/duration.ts';
import { validateTiming, workRootOfTiming } from '../domain/timing/timing.ts';
import { type ActionCatalogue, type TemplateValidator, validateAction } from './action-validation.ts';

export type { ActionCatalogue, TemplateValidator } from './action-validation.ts';

/**
 * Save-time validation of triggers, robots and guards: a rule that could never work (a typo in a
 * field name, a stage of another pipeline, an unknown action, a template that cannot render) is
 * refused when it is saved, with every problem named by its JSON pointer, instead of silently
 * never matching later. Pure apart from the lookups of `RuleLookup`.
 */

/** What validation reads from storage. */
export interface RuleLookup {
  findStage(stageId: string): Promise<Stage | undefined>;
  findPipeline(pipelineId: string): Promise<Pipeline | undefined>;
  userExists(userId: string): Promise<boolean>;
  /** Whether a stored document template has this id (create_document names one). */
  documentTemplateExists(templateId: string): Promise<boolean>;
  /** The user's name and whether they are active; undefined when there is no such user. */
  findUser?(userId: string): Promise<{ readonly name: string; readonly active: boolean } | undefined>;
}

export interface RuleValidationDeps {
  readonly lookup: RuleLookup;
  readonly actions: ActionCatalogue;
  readonly templates: TemplateValidator;
}

/** Where the rule lives: its stage, and the pipeline derived from it when not named. */
interface Placement {
  readonly stageId: string;
  /** Named by the caller; must be the stage's pipeline. */
  readonly pipelineId?: string | undefined;
}

/** Who a trigger or robot acts as (see `ActAs`); absent or null: the rule itself. */
interface Acting {
  readonly actAs?: ActAs | null | undefined;
}

export interface TriggerDraft extends Placement, Acting {
  readonly eventType: string;
  readonly filter: unknown;
  readonly condition: unknown;
}

export interface GuardDraft extends Placement {
  readonly condition: unknown;
}

export interface RobotDraft extends Placement, Acting {
  readonly action: { readonly type: string; readonly params: unknown };
  readonly timing: unknown;
  readonly condition: unknown;
  readonly retry: RetryPolicy;
}

/** The outcome of a successful validation: the pipeline the rule belongs to. */
export interface ValidRule {
  readonly pipelineId: string;
}

/** Robots and guards act on an item that entered or is entering a stage: there may be no event. */
export const ITEM_SCOPE: FactScope = { hasEvent: false };
/**
 * Templates may mention the triggering event: when a run has none, `{{ event.data.subject }}`
 * renders empty, which is harmless in text (unlike a condition, which would silently be false).
 */
export const TEMPLATE_SCOPE: FactScope = { hasEvent: true };

export const FILTER_READS_EVENT = 'a filter reads the event; use condition for the item';

export async function validateTrigger(
  draft: TriggerDraft,
  deps: RuleValidationDeps,
  base = '/body',
): Promise<ValidRule> {
  const problems: FieldProblem[] = [];
  const placed = await place(draft, deps.lookup, base, problems);
  const known = findEventType(draft.eventType) !== undefined;
  if (!known) {
    problems.push({
      field: `${base}/eventType`,
      message: `unknown event type "${draft.eventType}"; known types: ${[...EVENT_TYPES.keys()].join(', ')}`,
    });
  }
  const scope: FactScope = {
    hasEvent: true,
    eventDataFields: known ? eventDataFields(draft.eventType) : undefined,
  };
  if (draft.filter !== null && draft.filter !== undefined) {
    const filterProblems = validateCondition(draft.filter, scope, `${base}/filter`);
    problems.push(...filterProblems);
    const flagged = new Set(filterProblems.map((problem) => problem.field));
    for (const ref of fieldRefs(draft.filter, `${base}/filter`)) {
      if (!ref.path.startsWith('event.') && !flagged.has(ref.pointer)) {
        problems.push({ field: ref.pointer, message: `"${ref.path}": ${FILTER_READS_EVENT}` });
      }
    }
  }
  if (draft.condition !== null && draft.condition !== undefined) {
    problems.push(...validateCondition(draft.condition, scope, `${base}/condition`));
  }
  problems.push(...(await validateActAs(draft.actAs, deps.lookup, base)));
  return accept(placed, problems);
}

/**
 * A rule acts as a named user only while that user exists and is active: moves attributed to
 * someone who left would mislead. `responsible` and `supervisor` are resolved when the rule acts.
 */
async function validateActAs(actAs: ActAs | null | undefined, lookup: RuleLookup, base: string) {
  if (actAs === null || actAs === undefined || typeof actAs === 'string') return [];
  const field = `${base}/actAs/userId`;
  const user = lookup.findUser === undefined ? undefined : await lookup.findUser(actAs.userId);
  if (user === undefined) return [{ field, message: `user ${actAs.userId} does not exist` }];
  if (!user.active) return [{ field, message: `user ${user.name} (${actAs.userId}) is not active` }];
  return [];
}

export async function validateGuard(
  draft: GuardDraft,
  deps: RuleValidationDeps,
  base = '/body',
): Promise<ValidRule> {
  const problems: FieldProblem[] = [];
  const placed = await place(draft, deps.lookup, base, problems);
  problems.push(...validateCondition(draft.condition, ITEM_SCOPE, `${base}/condition`));
  return accept(placed, problems);
}

export async function validateRobot(
  draft: RobotDraft,
  deps: RuleValidationDeps,
  base = '/body',
): Promise<ValidRule> {
  const problems: FieldProblem[] = [];
  const placed = await place(draft, deps.lookup, base, problems);
  // A robot timed against a task or a meeting reads it, when its run fires, as `task` or `activity`.
  const work = workRootOfTiming(draft.timing);
  const conditionScope: FactScope = { ...ITEM_SCOPE, work };
  if (draft.condition !== null && draft.condition !== undefined) {
    problems.push(...validateCondition(draft.condition, conditionScope, `${base}/condition`));
  }
  problems.push(...validateTiming(draft.timing, `${base}/timing`));
  problems.push(...retryProblems(draft.retry, `${base}/retry`));
  problems.push(
    ...(await validateAction(draft.action, `${base}/action`, {
      actions: deps.actions,
      templates: deps.templates,
      lookup: deps.lookup,
      pipeline: placed?.pipeline,
      stageId: draft.stageId,
      conditionScope,
      templateScope: { ...TEMPLATE_SCOPE, work },
    })),
  );
  problems.push(...(await validateActAs(draft.actAs, deps.lookup, base)));
  return accept(placed, problems);
}

/** One 400 answer listing every problem. */
export function rulesInvalid(problems: readonly FieldProblem[]): AppError {
  const first = problems[0];
  const summary = first === undefined ? 'The rule is invalid' : `${first.field}: ${first.message}`;
  return new AppError('validation_failed', 'invalid', summary, { fields: problems });
}

async function place(
  draft: Placement,
  lookup: RuleLookup,
  base: string,
  problems: FieldProblem[],
): Promise<{ pipeline: Pipeline } | undefined> {
  const stage = await lookup.findStage(draft.stageId);
  if (stage === undefined) {
    problems.push({ field: `${base}/stageId`, message: `stage ${draft.stageId} does not exist` });
    return undefined;
  }
  if (draft.pipelineId !== undefined && draft.pipelineId !== stage.pipelineId) {
    problems.push({
      field: `${base}/stageId`,
      message: `stage ${stage.id} ("${stage.name}") belongs to pipeline ${stage.pipelineId}, not to pipeline ${draft.pipelineId}`,
    });
    return undefined;
  }
  const pipeline = await lookup.findPipeline(stage.pipelineId);
  if (pipeline === undefined) {
    problems.push({ field: `${base}/stageId`, message: `the pipeline of stage ${stage.id} does not exist` });
    return undefined;
  }
  return { pipeline };
}

function accept(placed: { pipeline: Pipeline } | undefined, problems: readonly FieldProblem[]): ValidRule {
  if (problems.length > 0 || placed === undefined) throw rulesInvalid(problems);
  return { pipelineId: placed.pipeline.id };
}

/** Retry delays: valid, not negative, and the first delay no longer than the cap. */
export function retryProblems(retry: RetryPolicy, pointer: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const read = (key: 'initialDelay' | 'maxDelay'): Duration | undefined => {
    const result = readDuration(retry[key]);
    if ('problem' in result) {
      problems.push({ field: `${pointer}/${key}`, message: result.problem });
      return undefined;
    }
    if (result.sign < 0) {
      problems.push({ field: `${pointer}/${key}`, message: 'must not be negative' });
      return undefined;
    }
    return result;
  };
  const initial = read('initialDelay');
  const max = read('maxDelay');
  if (initial !== undefined && max !== undefined && approximateMillis(initial) > approximateMillis(max)) {
    problems.push({
      field: `${pointer}/initialDelay`,
      message: `must not be longer than maxDelay (${retry.initialDelay} > ${retry.maxDelay})`,
    });
  }
  return problems;
}

/** Months and years vary in length; for comparing two delays 30 and 365 days are close enough. */
function approximateMillis(d: Duration): number {
  const days = d.years * 365 + d.months * 30 + d.weeks * 7 + d.days;
  return ((days * 24 + d.hours) * 60 + d.minutes) * 60_000 + d.seconds * 1000;
}

/** Deeper input is refused by validateCondition; the walk stops there instead of recursing on. */
const MAX_WALK_DEPTH = 16;

/** Every field path a condition names (`field` and `valueField`) with its JSON pointer. */
export function fieldRefs(node: unknown, pointer: string, depth = 0): { path: string; pointer: string }[] {
  if (depth > MAX_WALK_DEPTH || node === null || typeof node !== 'object' || Array.isArray(node)) return [];
  const record = node as Record<string, unknown>;
  const refs: { path: string; pointer: string }[] = [];
  for (const key of ['all', 'any'] as const) {
    const children = Object.hasOwn(record, key) ? record[key] : undefined;
    if (Array.isArray(children)) {
      children.forEach((child, index) => {
        refs.push(...fieldRefs(child, `${pointer}/${key}/${index}`, depth + 1));
      });
    }
  }
  if (Object.hasOwn(record, 'not')) refs.push(...fieldRefs(record['not'], `${pointer}/not`, depth + 1));
  for (const key of ['field', 'valueField'] as const) {
    const path = Object.hasOwn(record, key) ? record[key] : undefined;
    if (typeof path === 'string') refs.push({ path, pointer: `${pointer}/${key}` });
  }
  return refs;
}
