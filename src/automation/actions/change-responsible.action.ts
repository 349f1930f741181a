import { type Static, Type } from 'typebox';
import type { FieldProblem } from '../../domain/errors.ts';
import type { User } from '../../domain/user.ts';
import { actionFailed } from './action-support.ts';
import { type ActionContext, defineAction } from './define-action.ts';
import { UserIdSchema as UserId } from './user-refs.ts';

const TargetSchema = Type.Union(
  [
    Type.Object({ userId: UserId }, { additionalProperties: false }),
    Type.Literal('supervisor', { description: 'The supervisor of the current responsible user' }),
    Type.Object(
      {
        roundRobin: Type.Array(UserId, {
          minItems: 1,
          maxItems: 50,
          uniqueItems: true,
          description: 'Candidates: the one with the fewest open items of the pipeline wins, ties by order',
        }),
      },
      { additionalProperties: false },
    ),
  ],
  {
    description:
      'The new responsible user: {"userId": "<id>"}, "supervisor" (of the current responsible user) or {"roundRobin": ["<id>", ...]}',
  },
);
type Target = Static<typeof TargetSchema>;

/**
 * Hands the item to another person (S2: "changes the responsible person to the senior manager")
 * and says so in the timeline. The change is written against the version of the item the run
 * read, so a concurrent edit fails the write instead of being overwritten. The changes have the
 * shape of `update_fields`, so the engine emits `item.field_changed` for both the same way.
 */
export const changeResponsibleAction = defineAction({
  type: 'change_responsible',
  description: 'Makes another user responsible for the item: a named user, the supervisor, or by round robin',
  params: Type.Object({ to: TargetSchema }, { additionalProperties: false }),
  templateParams: [],
  external: false,

  async validate(params, context, pointer) {
    const problems: FieldProblem[] = [];
    if (params.to === 'supervisor') return problems;
    const ids = 'userId' in params.to ? [params.to.userId] : params.to.roundRobin;
    for (const [index, id] of ids.entries()) {
      if (await context.userExists(id)) continue;
      const field = 'userId' in params.to ? `${pointer}/to/userId` : `${pointer}/to/roundRobin/${index}`;
      problems.push({ field, message: `user ${id} does not exist` });
    }
    return problems;
  },

  async run(params, ctx) {
    const before = ctx.item.responsibleId;
    const next = await chooseResponsible(params.to, ctx);
    if (next.id === before) {
      return { changes: { responsibleId: before, fields: [], before: {}, after: {} } };
    }
    const now = ctx.clock.now();
    await ctx.tx.itemWrites.update(ctx.item.id, { responsibleId: next.id }, ctx.item.version, now);
    const from = ctx.responsible?.name ?? 'nobody';
    const entry = await ctx.tx.timeline.add(
      {
        itemId: ctx.item.id,
        kind: 'robot_entry',
        text: `Responsible user changed from ${from} to ${next.name}`,
        data: { robotId: ctx.robot.id, runId: ctx.run.id, fromUserId: before, toUserId: next.id },
        author: ctx.author,
        rootEventId: ctx.run.rootEventId,
      },
      now,
    );
    return {
      changes: {
        responsibleId: next.id,
        fields: ['item.responsibleId'],
        before: { 'item.responsibleId': before },
        after: { 'item.responsibleId': next.id },
        timelineEntryId: entry.id,
      },
    };
  },
});

async function chooseResponsible(target: Target, ctx: ActionContext): Promise<User> {
  if (target === 'supervisor') {
    if (ctx.supervisor !== undefined) return ctx.supervisor;
    const reason =
      ctx.responsible === undefined
        ? 'the item has no responsible user'
        : `the responsible user ${ctx.responsible.name} has no supervisor`;
    throw actionFailed('responsible_user_missing', `Cannot hand the item to the supervisor: ${reason}`);
  }
  if ('userId' in target) {
    const user = await ctx.tx.users.find(target.userId);
    if (user !== undefined) return user;
    throw actionFailed(
      'responsible_user_missing',
      `Cannot hand the item to user ${target.userId}: no such user`,
    );
  }
  return roundRobin(target.roundRobin, ctx);
}

/**
 * The active candidate with the fewest open items in the item's pipeline (this item left out,
 * so keeping it where it is counts the same as moving it); ties go to the earlier candidate.
 */
async function roundRobin(candidateIds: readonly string[], ctx: ActionContext): Promise<User> {
  const candidates: User[] = [];
  for (const id of candidateIds) {
    const user = await ctx.tx.users.find(id);
    if (user?.active === true) candidates.push(user);
  }
  if (candidates.length === 0) {
    throw actionFailed(
      'responsible_user_missing',
      'Cannot choose a responsible user: no candidate exists and is active',
    );
  }
  const counts = await ctx.tx.itemWrites.openItemCounts(
    ctx.item.pipelineId,
    candidates.map((user) => user.id),
    ctx.item.id,
  );
  let best = candidates[0] as User;
  for (const user of candidates) {
    if ((counts.get(user.id) ?? 0) < (counts.get(best.id) ?? 0)) best = user;
  }
  return best;
}
