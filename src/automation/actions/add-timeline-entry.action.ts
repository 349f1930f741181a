import { Type } from 'typebox';
import { MAX_TEMPLATE_SOURCE, renderText, TEXT_LIMITS } from './action-support.ts';
import { defineAction } from './define-action.ts';

/**
 * Writes an entry into the item's history, authored by the robot and linked to the event at the
 * root of the chain, so the timeline shows why it was written.
 */
export const addTimelineEntryAction = defineAction({
  type: 'add_timeline_entry',
  description: "Writes an entry into the item's timeline",
  params: Type.Object(
    {
      text: Type.String({
        minLength: 1,
        maxLength: MAX_TEMPLATE_SOURCE,
        description: "Template: the entry's text (cut at 10 000 characters)",
      }),
    },
    { additionalProperties: false },
  ),
  templateParams: ['text'],
  external: false,

  async run(params, ctx) {
    const text = await renderText(ctx, params.text, TEXT_LIMITS.timelineText);
    const entry = await ctx.tx.timeline.add(
      {
        itemId: ctx.item.id,
        kind: 'robot_entry',
        text,
        data: { robotId: ctx.robot.id, runId: ctx.run.id },
        author: ctx.author,
        rootEventId: ctx.run.rootEventId,
      },
      ctx.clock.now(),
    );
    return { changes: { timelineEntryId: entry.id } };
  },
});
