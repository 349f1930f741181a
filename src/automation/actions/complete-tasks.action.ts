import { Type } from 'typebox';
import type { FieldProblem } from '../../domain/errors.ts';
import type { RobotTaskScope } from './action-ports.ts';
import { defineAction } from './define-action.ts';

const SCOPE_DESCRIPTION =
  'Which robot-created tasks to complete: "item" (all of the item), "stage" (those created at ' +
  '`stageId`, or at the robot\'s own stage without it), "pipeline" (those created at any stage of ' +
  "the item's pipeline). Default: item, or stage when `stageId` is given";

/**
 * Completes the open tasks that robots created for the item, e.g. S1's robot on `Won`: "complete
 * all tasks that robots created for this deal". Tasks people created are left alone. Scope
 * `stage` keeps to the tasks created at one stage (the robot's, or `stageId`, like Bitrix24's
 * "complete tasks created at stage X"); `pipeline` to those of the item's pipeline's stages.
 */
export const completeTasksAction = defineAction({
  type: 'complete_tasks',
  description:
    'Completes the open tasks that robots created for the item (all, of one stage, or of this pipeline)',
  params: Type.Object(
    {
      scope: Type.Optional(
        Type.Union([Type.Literal('item'), Type.Literal('stage'), Type.Literal('pipeline')], {
          description: SCOPE_DESCRIPTION,
        }),
      ),
      stageId: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 64,
          description:
            "A stage of the robot's pipeline: completes the robot tasks created at that stage. Only with scope stage",
        }),
      ),
    },
    { additionalProperties: false },
  ),
  templateParams: [],
  external: false,

  async validate(params, context, pointer) {
    if (params.stageId === undefined) return [];
    const field = `${pointer}/stageId`;
    const problems: FieldProblem[] = [];
    if (params.scope !== undefined && params.scope !== 'stage') {
      problems.push({ field, message: `names a stage, so the scope must be "stage", not "${params.scope}"` });
    }
    if (!context.pipeline.stages.some((stage) => stage.id === params.stageId)) {
      problems.push({
        field,
        message: `stage ${params.stageId} is not a stage of pipeline "${context.pipeline.name}"`,
      });
    }
    return problems;
  },

  async run(params, ctx) {
    const scope = params.scope ?? (params.stageId === undefined ? 'item' : 'stage');
    const stageId = params.stageId ?? ctx.run.stageId;
    const where: RobotTaskScope =
      scope === 'stage' ? { stageId } : scope === 'pipeline' ? { pipelineId: ctx.item.pipelineId } : {};
    const completedTaskIds = await ctx.tx.tasks.completeCreatedByRobots(ctx.item.id, where, ctx.clock.now());
    return { changes: { scope, ...(scope === 'stage' && { stageId }), completedTaskIds } };
  },
});
