import { Type } from 'typebox';
import { personOf } from '../../domain/item.ts';
import { MAX_TEMPLATE_SOURCE, renderText, TEXT_LIMITS } from './action-support.ts';
import { DeadlineSchema, deadlineFor, validateDeadlineParam } from './deadline-param.ts';
import { defineAction } from './define-action.ts';

/**
 * Plans a call, meeting, email or to-do on the item for its responsible user, in the robot's
 * stage. With `autoComplete` (the default) the engine completes it when the item leaves that
 * stage, as S2's planned call does when the lead moves on. S1: "plan the activity 'Follow-up
 * call' in 1 working day" = `{type: 'call', subject: 'Follow-up call', due: {after: 'P1D',
 * workingDays: true}}`.
 */
export const scheduleActivityAction = defineAction({
  type: 'schedule_activity',
  description: 'Plans a call, meeting, email or to-do on the item for its responsible user',
  params: Type.Object(
    {
      type: Type.Union(
        [Type.Literal('call'), Type.Literal('meeting'), Type.Literal('email'), Type.Literal('todo')],
        { description: 'Kind of activity' },
      ),
      subject: Type.String({
        minLength: 1,
        maxLength: MAX_TEMPLATE_SOURCE,
        description: 'Template: the subject',
      }),
      description: Type.Optional(Type.String({ maxLength: MAX_TEMPLATE_SOURCE, description: 'Template' })),
      due: Type.Optional(DeadlineSchema),
      autoComplete: Type.Optional(
        Type.Boolean({ description: 'Complete it when the item leaves the stage. Default: true' }),
      ),
    },
    { additionalProperties: false },
  ),
  templateParams: ['subject', 'description'],
  external: false,

  validate: async (params, _context, pointer) => validateDeadlineParam(params.due, `${pointer}/due`),

  async run(params, ctx) {
    const subject = await renderText(ctx, params.subject, TEXT_LIMITS.subject);
    const description =
      params.description === undefined
        ? null
        : await renderText(ctx, params.description, TEXT_LIMITS.description);
    const now = ctx.clock.now();
    const activity = await ctx.tx.activities.create(
      {
        itemId: ctx.item.id,
        type: params.type,
        subject,
        description,
        dueAt: deadlineFor(params.due, ctx.responsible, now),
        responsibleId: ctx.responsible?.id ?? null,
        autoComplete: params.autoComplete ?? true,
        stageId: ctx.run.stageId,
        createdByRobotId: ctx.robot.id,
        // The person the robot acts as (actAs) plans the activity in their name.
        createdByUserId: personOf(ctx.author),
      },
      now,
    );
    return {
      changes: {
        activityId: activity.id,
        activityVersion: activity.version,
        type: activity.type,
        responsibleId: activity.responsibleId,
        dueAt: activity.dueAt,
        autoComplete: activity.autoComplete,
      },
    };
  },
});
