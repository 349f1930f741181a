import { AppError, type FieldProblem } from '../../domain/errors.ts';
import type { Pipeline, Stage } from '../../domain/pipeline.ts';
import type { Actor } from '../../domain/revisions.ts';
import { type ActAs, DEFAULT_RETRY } from '../../domain/rules.ts';
import type { RuleContext, RuleTx } from '../rule-ports.ts';
import {
  type RuleValidationDeps,
  rulesInvalid,
  validateGuard,
  validateRobot,
  validateTrigger,
} from '../rule-validation.ts';
import {
  type AutomationDocument,
  type DocumentActAs,
  isEmailRef,
  rewriteRefs,
  USER_ID_LISTS,
} from './automation-document.ts';
import { validationDeps } from './rule-history.ts';
import { createGuardIn } from './save-guard.ts';
import { createRobotIn, type RobotInput } from './save-robot.ts';
import { recordNewStages } from './save-stage.ts';
import { createTriggerIn } from './save-trigger.ts';

export interface ImportedAutomation {
  readonly pipeline: Pipeline;
  readonly counts: {
    readonly stages: number;
    readonly triggers: number;
    readonly robots: number;
    readonly guards: number;
  };
}

/** Where the document sits in the request, for the pointers of its problems. */
const BASE = '/body';
/** Ids of the stages and pipeline the document would create, while it is validated. */
const PLANNED_PIPELINE = 'import:pipeline';
const plannedStageId = (key: string): string => `import:stage:${key}`;

/**
 * Creates a new pipeline with the whole automation of a document. The document is validated as
 * a whole first (stage keys, user emails, and every rule through the same validation as the rule
 * routes, against the pipeline it would create); any problem refuses it with every problem's
 * pointer and nothing is written. Then everything is written in one transaction, each stage and
 * rule with an `imported` revision.
 */
export function importAutomation(
  context: RuleContext,
  actor: Actor,
  document: AutomationDocument,
  rename?: string | undefined,
): Promise<ImportedAutomation> {
  return context.store.transaction(async (tx) => {
    const problems: FieldProblem[] = [];
    const stageKeys = checkStages(document, problems);
    const { users, unknown } = await resolveEmails(tx, document, problems);
    const planned = plannedPipeline(document, rename);
    const ruleProblems: FieldProblem[] = [];
    await validateRules(
      document,
      plannedDeps(validationDeps(tx), planned),
      (key) => (stageKeys.has(key) ? plannedStageId(key) : undefined),
      users,
      ruleProblems,
    );
    // An unknown email is already one problem at its pointer: the rule's own check of the user
    // it would name (at `…/userId`, or at the list entry) would say the same thing again.
    problems.push(...ruleProblems.filter((problem) => !namesUnknownUser(problem.field, unknown)));
    if (problems.length > 0) throw rulesInvalid(problems);

    const now = context.clock.now();
    const ordered = [...document.pipeline.stages].sort((a, b) => a.sort - b.sort);
    const created = await tx.pipelines.create(
      {
        name: rename ?? document.pipeline.name,
        entityType: document.pipeline.entityType,
        stages: ordered.map(({ name, semantics, color }) => ({ name, semantics, color })),
      },
      now,
    );
    await recordNewStages(tx, now, created, actor, 'imported');
    const realIds = new Map(ordered.map((stage, index) => [stage.key, created.stages[index]?.id ?? '']));
    const stageId = (key: string): string => realIds.get(key) ?? '';
    const origin = (at: string) => ({ actor, change: 'imported' as const, at: `${BASE}${at}` });
    for (const [index, trigger] of document.triggers.entries()) {
      const { stageKey, actAs, ...rest } = trigger;
      await createTriggerIn(
        tx,
        context,
        { ...rest, stageId: stageId(stageKey), ...(actAs !== undefined && { actAs: actAsIn(actAs, users) }) },
        origin(`/triggers/${index}`),
      );
    }
    for (const [index, robot] of document.robots.entries()) {
      const input = robotInput(robot, stageId, users, `/robots/${index}`);
      await createRobotIn(tx, context, input, origin(`/robots/${index}`));
    }
    for (const [index, guard] of document.guards.entries()) {
      const { stageKey, ...rest } = guard;
      await createGuardIn(tx, context, { ...rest, stageId: stageId(stageKey) }, origin(`/guards/${index}`));
    }
    const pipeline = (await tx.pipelines.find(created.id)) ?? created;
    const counts = {
      stages: pipeline.stages.length,
      triggers: document.triggers.length,
      robots: document.robots.length,
      guards: document.guards.length,
    };
    return { pipeline, counts };
  });
}

/** Stage keys and names unique, at least one open stage; answers the keys. */
function checkStages(document: AutomationDocument, problems: FieldProblem[]): Set<string> {
  const keys = new Set<string>();
  const names = new Set<string>();
  const stages = document.pipeline.stages;
  stages.forEach((stage, index) => {
    const at = `${BASE}/pipeline/stages/${index}`;
    if (keys.has(stage.key))
      problems.push({ field: `${at}/key`, message: `the stage key "${stage.key}" is used twice` });
    const name = stage.name.trim().toLowerCase();
    if (names.has(name))
      problems.push({ field: `${at}/name`, message: `the stage name "${stage.name}" is used twice` });
    keys.add(stage.key);
    names.add(name);
  });
  if (!stages.some((stage) => stage.semantics === 'open')) {
    problems.push({ field: `${BASE}/pipeline/stages`, message: 'a pipeline needs at least one open stage' });
  }
  return keys;
}

/** The users a document names, and the pointers of the `userEmail` members no user has. */
interface ResolvedEmails {
  readonly users: ReadonlyMap<string, string>;
  readonly unknown: ReadonlySet<string>;
}

/** Every `userEmail` the robots name, resolved to a user of this workspace. */
async function resolveEmails(
  tx: RuleTx,
  document: AutomationDocument,
  problems: FieldProblem[],
): Promise<ResolvedEmails> {
  const users = new Map<string, string>();
  const missing = new Set<string>();
  const unknown = new Set<string>();
  const refsOf = (index: number): [string, string][] => {
    const robot = document.robots[index];
    const refs: [string, string][] = [];
    rewriteRefs(
      robot?.action.params ?? {},
      `${BASE}/robots/${index}/action/params`,
      (key, value, pointer) => {
        if (key === 'userEmail' && typeof value === 'string') refs.push([value, pointer]);
        return undefined;
      },
    );
    return refs;
  };
  // Each robot's params, then the users the rules act as: one list of (email, pointer) per rule.
  const lists = [
    ...document.robots.map((_, index) => refsOf(index)),
    ...actingRefs(document.triggers, 'triggers'),
    ...actingRefs(document.robots, 'robots'),
  ];
  for (const refs of lists) {
    for (const [email, pointer] of refs) {
      if (!users.has(email) && !missing.has(email)) {
        const user = await tx.users.findByEmail(email);
        if (user === undefined) missing.add(email);
        else users.set(email, user.id);
      }
      if (!missing.has(email)) continue;
      unknown.add(pointer);
      problems.push({ field: pointer, message: `no user has the email ${email}` });
    }
  }
  return { users, unknown };
}

/** The user a rule acts as, when it is named by email: its (email, pointer), as a list of one. */
function actingRefs(
  rules: readonly { readonly actAs?: DocumentActAs | undefined }[],
  kind: 'triggers' | 'robots',
): [string, string][][] {
  return rules.map(({ actAs }, index) =>
    actAs != null && typeof actAs === 'object' && 'userEmail' in actAs
      ? [[actAs.userEmail, `${BASE}/${kind}/${index}/actAs/userEmail`]]
      : [],
  );
}

/**
 * Whether a rule's problem is about the user an unknown `…/userEmail` stands for: the `…/userId`
 * it becomes in a reference, or the entry itself in a list of user ids.
 */
function namesUnknownUser(field: string, unknown: ReadonlySet<string>): boolean {
  const reference = field.endsWith('/userId') ? field.slice(0, -'/userId'.length) : field;
  return unknown.has(`${reference}/userEmail`);
}

function robotInput(
  robot: AutomationDocument['robots'][number],
  stageId: (key: string) => string | undefined,
  users: ReadonlyMap<string, string>,
  at: string,
): RobotInput {
  const { stageKey, action, actAs, ...rest } = robot;
  const params = rewriteRefs(action.params ?? {}, `${BASE}${at}/action/params`, (key, value) => {
    if (key === 'userEmail' && typeof value === 'string') return ['userId', users.get(value) ?? value];
    if (USER_ID_LISTS.has(key) && Array.isArray(value)) {
      return [
        key,
        value.map((entry) => (isEmailRef(entry) ? (users.get(entry.userEmail) ?? entry.userEmail) : entry)),
      ];
    }
    if (key === 'stageKey' && typeof value === 'string') return ['stageId', stageId(value) ?? value];
    return undefined;
  }) as Record<string, unknown>;
  return {
    ...rest,
    ...(actAs !== undefined && { actAs: actAsIn(actAs, users) }),
    stageId: stageId(stageKey) ?? stageKey,
    action: { type: action.type, params },
  };
}

/** A document's `actAs` with a user named by email turned into that user's id here. */
export function actAsIn(actAs: DocumentActAs, users: ReadonlyMap<string, string>): ActAs | null {
  if (actAs === null || typeof actAs === 'string') return actAs;
  if ('userEmail' in actAs) return { userId: users.get(actAs.userEmail) ?? actAs.userEmail };
  return actAs;
}

/** The pipeline the document would create, for validating its rules before anything exists. */
function plannedPipeline(document: AutomationDocument, rename: string | undefined): Pipeline {
  const stages: Stage[] = document.pipeline.stages.map((stage) => ({
    id: plannedStageId(stage.key),
    pipelineId: PLANNED_PIPELINE,
    name: stage.name,
    sort: stage.sort,
    semantics: stage.semantics,
    color: stage.color,
  }));
  return {
    id: PLANNED_PIPELINE,
    name: rename ?? document.pipeline.name,
    entityType: document.pipeline.entityType,
    settings: {},
    stages: stages.sort((a, b) => a.sort - b.sort),
    createdAt: '',
    updatedAt: '',
    version: 1,
  };
}

/** Validation that sees the planned pipeline and its stages, and the workspace for the rest. */
function plannedDeps(deps: RuleValidationDeps, planned: Pipeline): RuleValidationDeps {
  return {
    ...deps,
    lookup: {
      ...deps.lookup,
      findStage: async (id) => planned.stages.find((stage) => stage.id === id) ?? deps.lookup.findStage(id),
      findPipeline: async (id) => (id === planned.id ? planned : deps.lookup.findPipeline(id)),
    },
  };
}

/** Every rule through its save-time validation; the problems of all of them are collected. */
async function validateRules(
  document: AutomationDocument,
  deps: RuleValidationDeps,
  stageId: (key: string) => string | undefined,
  users: ReadonlyMap<string, string>,
  problems: FieldProblem[],
): Promise<void> {
  const collect = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof AppError) || error.kind !== 'invalid') throw error;
      problems.push(...error.fields);
    }
  };
  const placed = (key: string, at: string): string | undefined => {
    const id = stageId(key);
    if (id === undefined)
      problems.push({ field: `${BASE}${at}/stageKey`, message: `no stage has the key "${key}"` });
    return id;
  };
  for (const [index, trigger] of document.triggers.entries()) {
    const at = `/triggers/${index}`;
    const id = placed(trigger.stageKey, at);
    if (id === undefined) continue;
    const draft = {
      ...trigger,
      stageId: id,
      filter: trigger.filter ?? null,
      condition: trigger.condition ?? null,
      actAs: actAsIn(trigger.actAs ?? null, users),
    };
    await collect(() => validateTrigger(draft, deps, `${BASE}${at}`));
  }
  for (const [index, robot] of document.robots.entries()) {
    const at = `/robots/${index}`;
    if (placed(robot.stageKey, at) === undefined) continue;
    const input = robotInput(robot, stageId, users, at);
    const draft = {
      stageId: input.stageId,
      action: { type: input.action.type, params: input.action.params ?? {} },
      timing: input.timing ?? { kind: 'immediately' },
      condition: input.condition ?? null,
      retry: { ...DEFAULT_RETRY, ...input.retry },
      actAs: input.actAs ?? null,
    };
    await collect(() => validateRobot(draft, deps, `${BASE}${at}`));
  }
  for (const [index, guard] of document.guards.entries()) {
    const at = `/guards/${index}`;
    const id = placed(guard.stageKey, at);
    if (id === undefined) continue;
    await collect(() => validateGuard({ stageId: id, condition: guard.condition }, deps, `${BASE}${at}`));
  }
}
