import { Type } from 'typebox';
import type { FieldProblem } from '../../domain/errors.ts';
import { personOf } from '../../domain/item.ts';
import type { User } from '../../domain/user.ts';
import { notifyTaskAssigned } from '../task-notifications.ts';
import { actionFailed, MAX_TEMPLATE_SOURCE, renderText, TEXT_LIMITS } from './action-support.ts';
import { DeadlineSchema, deadlineFor, validateDeadlineParam } from './deadline-param.ts';
import { type ActionContext, defineAction } from './define-action.ts';
import {
  describeUserRef,
  resolveUserRef,
  type UserRef,
  UserRefSchema,
  validateUserRef,
  validateUserRefs,
} from './user-refs.ts';

/**
 * A task for a person, tied to the item and to the stage the robot belongs to (so
 * `complete_tasks` can close it later). S1: "Call the client back", due next working day at
 * 10:00 = `{deadline: {after: 'P1D', workingDays: true, at: '10:00'}}`, counted in the calendar
 * and time zone of the task's responsible user.
 */
export const createTaskAction = defineAction({
  type: 'create_task',
  description: 'Creates a task about the item for its responsible user, their supervisor or a named user',
  params: Type.Object(
    {
      title: Type.String({
        minLength: 1,
        maxLength: MAX_TEMPLATE_SOURCE,
        description: 'Template: the task title',
      }),
      description: Type.Optional(
        Type.String({ maxLength: MAX_TEMPLATE_SOURCE, description: 'Template: what to do' }),
      ),
      responsible: Type.Optional(
        Type.Union(UserRefSchema.anyOf, {
          description:
            'Who does the task, a person reference. Default: "responsible"; an item without one gets an unassigned task',
        }),
      ),
      observers: Type.Optional(
        Type.Array(UserRefSchema, { maxItems: 20, description: 'Person references who follow the task' }),
      ),
      deadline: Type.Optional(DeadlineSchema),
    },
    { additionalProperties: false },
  ),
  templateParams: ['title', 'description'],
  external: false,

  async validate(params, context, pointer) {
    const problems: FieldProblem[] = [];
    if (params.responsible !== undefined) {
      problems.push(...(await validateUserRef(params.responsible, context, `${pointer}/responsible`)));
    }
    problems.push(...(await validateUserRefs(params.observers ?? [], context, `${pointer}/observers`)));
    problems.push(...validateDeadlineParam(params.deadline, `${pointer}/deadline`));
    return problems;
  },

  async run(params, ctx) {
    const responsible = await taskResponsible(params.responsible ?? 'responsible', ctx);
    const observers = await resolveObservers(params.observers ?? [], responsible, ctx);
    const title = await renderText(ctx, params.title, TEXT_LIMITS.title);
    const description =
      params.description === undefined
        ? null
        : await renderText(ctx, params.description, TEXT_LIMITS.description);
    const now = ctx.clock.now();
    const task = await ctx.tx.tasks.create(
      {
        itemId: ctx.item.id,
        title,
        description,
        responsibleId: responsible?.id ?? null,
        observerIds: observers.ids,
        deadline: deadlineFor(params.deadline, responsible, now),
        stageId: ctx.run.stageId,
        createdByRobotId: ctx.robot.id,
        // The person the robot acts as (actAs) creates the task in their name.
        createdByUserId: personOf(ctx.author),
      },
      now,
    );
    await notifyTaskAssigned(ctx.tx, undefined, task, { type: 'robot', id: ctx.robot.id }, now);
    return {
      changes: {
        taskId: task.id,
        // An undo cancels the task only while it is as created: a later edit raises the version.
        taskVersion: task.version,
        responsibleId: task.responsibleId,
        deadline: task.deadline,
        observerIds: task.observerIds,
        ...(observers.skipped.length > 0 && { skippedObservers: observers.skipped }),
      },
    };
  },
});

/**
 * The item's responsible user may be missing (an unassigned item): the task is then created
 * unassigned on the item, where people see it. A supervisor or named user that does not exist
 * fails the run instead, since the robot was set up for that person.
 */
async function taskResponsible(ref: UserRef, ctx: ActionContext): Promise<User | undefined> {
  const resolved = await resolveUserRef(ref, ctx);
  if ('user' in resolved) return resolved.user;
  if (ref === 'responsible') return undefined;
  throw actionFailed(
    'task_responsible_missing',
    `Cannot create the task for ${describeUserRef(ref)}: ${resolved.reason}`,
  );
}

async function resolveObservers(
  refs: readonly UserRef[],
  responsible: User | undefined,
  ctx: ActionContext,
): Promise<{ ids: string[]; skipped: { observer: string; reason: string }[] }> {
  const ids = new Set<string>();
  const skipped: { observer: string; reason: string }[] = [];
  for (const ref of refs) {
    const resolved = await resolveUserRef(ref, ctx);
    if ('reason' in resolved) skipped.push({ observer: describeUserRef(ref), reason: resolved.reason });
    else if (resolved.user.id !== responsible?.id) ids.add(resolved.user.id);
  }
  return { ids: [...ids], skipped };
}
