import { Type } from 'typebox';
import { BACKFILL_LIMIT, BACKFILL_REASONS } from '../../automation/commands/backfill-shapes.ts';
import { Id, NullableTimestamp, StringEnum, Timestamp } from './common.ts';

const ReasonCode = StringEnum(BACKFILL_REASONS, {
  description:
    "ok; condition (the rule's condition does not hold now); guard (a guard of the target stage refuses); " +
    'already_planned (the stage entry has a run of this robot, any status); once_per_item (the robot already ran ' +
    'for the item); backward, final_stage (a forward-only trigger); same_stage, loop, not_in_stage, ' +
    'not_in_pipeline, not_found (when confirming)',
});

/** A condition evaluated part by part (groups with their verdict, comparisons with both values). */
export const ConditionTraceSchema = Type.Object(
  {
    kind: StringEnum(['all', 'any', 'not', 'compare'] as const),
    matched: Type.Boolean(),
    reason: Type.String(),
    children: Type.Optional(
      Type.Immutable(Type.Array(Type.Unknown(), { description: 'The parts, traced alike' })),
    ),
    compared: Type.Optional(
      Type.Unknown({
        description: 'field, op, expected?, valueField?, percent?, plus?, minus?, operand?, actual',
      }),
    ),
  },
  { description: 'The condition evaluated on the item now' },
);

export const BackfillCandidateSchema = Type.Object(
  {
    itemId: Id,
    title: Type.String(),
    stageId: Id,
    stageName: Type.String(),
    stageEnteredAt: Timestamp,
    eligible: Type.Boolean(),
    reasonCode: ReasonCode,
    reason: Type.String({ description: 'The reason in words (English)' }),
    condition: Type.Union([ConditionTraceSchema, Type.Null()]),
    dueAt: Type.Union([Timestamp, Type.Null()], {
      description:
        "Robots: when the run would be due, from the item's entry into the stage, never before now",
    }),
    guard: Type.Union([
      Type.Object({ guardId: Id, name: Type.String(), message: Type.String() }),
      Type.Null(),
    ]),
  },
  { title: 'BackfillCandidate' },
);

export const BackfillPreviewSchema = Type.Object(
  {
    kind: StringEnum(['robot', 'trigger'] as const),
    ruleId: Id,
    ruleName: Type.String(),
    now: Timestamp,
    candidates: Type.Immutable(Type.Array(BackfillCandidateSchema)),
    eligibleCount: Type.Integer(),
    truncated: Type.Boolean({
      description: `More items than the preview lists (it lists the first ${BACKFILL_LIMIT})`,
    }),
  },
  { title: 'BackfillPreview' },
);

export const BackfillRequestSchema = Type.Object(
  {
    itemIds: Type.Array(Id, {
      minItems: 1,
      maxItems: BACKFILL_LIMIT,
      description: 'The items confirmed from the preview',
    }),
  },
  { additionalProperties: false, title: 'BackfillRequest' },
);

export const BackfillResultSchema = Type.Object(
  {
    applied: Type.Immutable(
      Type.Array(
        Type.Object({
          itemId: Id,
          runId: Type.Union([Id, Type.Null()], { description: 'Robots: the planned run' }),
          dueAt: NullableTimestamp,
        }),
      ),
    ),
    skipped: Type.Immutable(
      Type.Array(Type.Object({ itemId: Type.String(), reasonCode: ReasonCode, reason: Type.String() })),
    ),
  },
  { title: 'BackfillResult' },
);
