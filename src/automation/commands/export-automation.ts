import { notFound } from '../../domain/errors.ts';
import type { ActAs } from '../../domain/rules.ts';
import type { RuleContext, RuleTx } from '../rule-ports.ts';
import {
  AUTOMATION_FORMAT,
  AUTOMATION_FORMAT_VERSION,
  type AutomationDocument,
  type DocumentActAs,
  type DocumentRobot,
  rewriteRefs,
  stageKeys,
  USER_ID_LISTS,
  userIdsIn,
  withoutSecrets,
} from './automation-document.ts';

/**
 * A pipeline's whole automation as one document (see automation-document.ts): its stages, then
 * its triggers, robots (in their order) and guards, with stages and users named portably.
 */
export function exportAutomation(context: RuleContext, pipelineId: string): Promise<AutomationDocument> {
  return context.store.transaction(async (tx) => {
    const pipeline = await tx.pipelines.find(pipelineId);
    if (pipeline === undefined) throw notFound('pipeline', pipelineId);
    const stages = [...pipeline.stages].sort((a, b) => a.sort - b.sort);
    const keys = stageKeys(stages.map((stage) => stage.name));
    const keyOf = new Map(stages.map((stage, index) => [stage.id, keys[index] ?? stage.id]));
    const stageKey = (id: string): string => keyOf.get(id) ?? id;
    const emails = await userEmails(tx, pipelineId);
    const rules = await tx.rules.rulesOfPipeline(pipelineId);
    // Robots keep their order: by stage, then by their sort within it.
    const stageOrder = new Map(stages.map((stage, index) => [stage.id, index]));
    const robots = [...rules.robots].sort(
      (a, b) => (stageOrder.get(a.stageId) ?? 0) - (stageOrder.get(b.stageId) ?? 0) || a.sort - b.sort,
    );
    const secretsOmitted: string[] = [];
    const portable = (value: unknown, pointer: string): unknown =>
      rewriteRefs(value, pointer, (key, child) => {
        if (key === 'userId' && typeof child === 'string' && emails.has(child)) {
          return ['userEmail', emails.get(child)];
        }
        if (USER_ID_LISTS.has(key) && Array.isArray(child)) {
          const named = (id: unknown) => (typeof id === 'string' ? emails.get(id) : undefined);
          return [key, child.map((id) => (named(id) === undefined ? id : { userEmail: named(id) }))];
        }
        if (key === 'stageId' && typeof child === 'string' && keyOf.has(child))
          return ['stageKey', stageKey(child)];
        return undefined;
      });
    return {
      format: AUTOMATION_FORMAT,
      version: AUTOMATION_FORMAT_VERSION,
      exportedAt: context.clock.now().toISOString(),
      pipeline: {
        name: pipeline.name,
        entityType: pipeline.entityType,
        stages: stages.map((stage, index) => ({
          key: keys[index] ?? stage.id,
          name: stage.name,
          sort: stage.sort,
          semantics: stage.semantics,
          color: stage.color,
        })),
      },
      triggers: rules.triggers.map((trigger) => ({
        name: trigger.name,
        stageKey: stageKey(trigger.stageId),
        eventType: trigger.eventType,
        filter: trigger.filter,
        condition: trigger.condition,
        allowBackward: trigger.allowBackward,
        actAs: portableActAs(trigger.actAs, emails),
        enabled: trigger.enabled,
      })),
      robots: robots.map((robot, index): DocumentRobot => {
        const pointer = `/robots/${index}/action/params`;
        const { params, omitted } = withoutSecrets(robot.action.params, pointer);
        secretsOmitted.push(...omitted);
        return {
          name: robot.name,
          stageKey: stageKey(robot.stageId),
          action: { type: robot.action.type, params: portable(params, pointer) as Record<string, unknown> },
          timing: robot.timing,
          condition: robot.condition,
          afterPrevious: robot.afterPrevious,
          repeat: robot.repeat,
          retry: robot.retry,
          actAs: portableActAs(robot.actAs, emails),
          enabled: robot.enabled,
        };
      }),
      guards: rules.guards.map((guard) => ({
        name: guard.name,
        stageKey: stageKey(guard.stageId),
        condition: guard.condition,
        message: guard.message,
        enabled: guard.enabled,
      })),
      secretsOmitted,
    };
  });
}

/** A user a rule acts as, named by email; the person references stay as they are. */
function portableActAs(actAs: ActAs | null, emails: ReadonlyMap<string, string>): DocumentActAs {
  if (actAs === null || typeof actAs === 'string') return actAs;
  const email = emails.get(actAs.userId);
  return email === undefined ? actAs : { userEmail: email };
}

/** The email of every user the pipeline's rules name by id (alone, in a list, or acted as). */
async function userEmails(tx: RuleTx, pipelineId: string): Promise<Map<string, string>> {
  const ids = new Set<string>();
  const rules = await tx.rules.rulesOfPipeline(pipelineId);
  for (const robot of rules.robots) {
    for (const id of userIdsIn(robot.action.params)) ids.add(id);
  }
  for (const rule of [...rules.robots, ...rules.triggers]) {
    if (rule.actAs !== null && typeof rule.actAs === 'object') ids.add(rule.actAs.userId);
  }
  const emails = new Map<string, string>();
  for (const id of ids) {
    const user = await tx.users.find(id);
    if (user !== undefined) emails.set(id, user.email);
  }
  return emails;
}
