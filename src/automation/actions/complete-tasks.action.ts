import { Type } from 'typebox';
import type { RobotTaskScope } from './action-ports.ts';
import { defineAction } from './define-action.ts';

/**
 * Completes the open tasks that robots created for the item, e.g. S1's robot on `Won`: "complete
 * all tasks that robots created for this deal". Tasks people created are left alone. Scope
 * `stage` keeps to the tasks created in the robot's stage; `pipeline` to those of the item's
 * pipeline's stages.
 */
export const completeTasksAction = defineAction({
  type: 'complete_tasks',
  description:
    'Completes the open tasks that robots created for the item (all, of this stage, or of this pipeline)',
  params: Type.Object(
    {
      scope: Type.Optional(
        Type.Union([Type.Literal('item'), Type.Literal('stage'), Type.Literal('pipeline')], {
          description: 'Which robot-created tasks to complete. Default: item',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  templateParams: [],
  external: false,

  async run(params, ctx) {
    const scope = params.scope ?? 'item';
    const where: RobotTaskScope =
      scope === 'stage'
        ? { stageId: ctx.run.stageId }
        : scope === 'pipeline'
          ? { pipelineId: ctx.item.pipelineId }
          : {};
    const completedTaskIds = await ctx.tx.tasks.completeCreatedByRobots(ctx.item.id, where, ctx.clock.now());
    return { changes: { scope, completedTaskIds } };
  },
});
