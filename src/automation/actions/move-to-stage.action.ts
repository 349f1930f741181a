import { Type } from 'typebox';
import { defineAction } from './define-action.ts';

/**
 * Moves the item on to another stage of its pipeline (S3: "3 days later, move it to Needs
 * follow-up"). The move goes through the one move path, so guards apply: a refusal is the
 * run's result, journaled by the engine, not an error to retry.
 */
export const moveToStageAction = defineAction({
  type: 'move_to_stage',
  description: 'Moves the item to another stage of its pipeline (guards apply)',
  params: Type.Object(
    { stageId: Type.String({ minLength: 1, maxLength: 64, description: 'A stage of the robot’s pipeline' }) },
    { additionalProperties: false },
  ),
  templateParams: [],
  external: false,

  async validate(params, context, pointer) {
    const field = `${pointer}/stageId`;
    if (params.stageId === context.stageId) {
      return [{ field, message: "the robot's own stage: the item is already there when the robot runs" }];
    }
    if (!context.pipeline.stages.some((stage) => stage.id === params.stageId)) {
      return [
        { field, message: `stage ${params.stageId} is not a stage of pipeline "${context.pipeline.name}"` },
      ];
    }
    return [];
  },

  async run(params, ctx) {
    const fromStageId = ctx.item.stageId;
    const outcome = await ctx.engine.moveItem(ctx.item.id, params.stageId);
    return {
      changes: {
        moved: outcome.moved,
        fromStageId,
        toStageId: params.stageId,
        ...(outcome.stageEntryId !== undefined && { stageEntryId: outcome.stageEntryId }),
        ...(outcome.refusedBy !== undefined && { refusedBy: outcome.refusedBy }),
      },
    };
  },
});
