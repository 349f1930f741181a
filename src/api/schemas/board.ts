import { Type } from 'typebox';
import { Currency, Id, Money, NullableTimestamp, Timestamp, Version } from './common.ts';
import { StageSchema } from './pipelines.ts';

const Named = Type.Union([Type.Object({ id: Id, name: Type.String() }), Type.Null()]);

const NextRunSchema = Type.Object(
  {
    runId: Id,
    robotId: Id,
    robotName: Type.String(),
    action: Type.String({ description: 'The action type, e.g. notify' }),
    dueAt: NullableTimestamp,
  },
  { title: 'NextRun', description: "The item's earliest scheduled run of its current stage entry" },
);

export const CardSchema = Type.Object(
  {
    id: Id,
    title: Type.String(),
    amount: Money,
    currency: Currency,
    version: Version,
    stageId: Id,
    stageEnteredAt: Timestamp,
    createdAt: Timestamp,
    contact: Named,
    responsible: Named,
    paidSum: Money,
    overdue: Type.Boolean({ description: 'An open task or planned activity is past its deadline' }),
    openTasks: Type.Integer({ description: 'Tasks neither completed nor cancelled' }),
    nextRun: Type.Union([NextRunSchema, Type.Null()]),
    pendingRuns: Type.Integer({ description: 'Runs of the current stage entry not started yet' }),
  },
  { title: 'Card' },
);

export const BoardSchema = Type.Object(
  {
    pipeline: Type.Object({
      id: Id,
      name: Type.String(),
      entityType: Type.String(),
      stages: Type.Array(StageSchema),
    }),
    columns: Type.Array(
      Type.Object(
        {
          stageId: Id,
          count: Type.Integer({ description: 'Every item of the stage that passes the filter' }),
          sums: Type.Array(Type.Object({ currency: Currency, amount: Money }), {
            description: 'Exact sums of the amounts of those items, per currency',
          }),
          items: Type.Array(CardSchema, { description: 'The newest cards, by stage entry' }),
        },
        { title: 'BoardColumn' },
      ),
    ),
    generatedAt: Timestamp,
  },
  { title: 'Board' },
);

export const BoardQuery = Type.Object(
  {
    responsibleId: Type.Optional(Id),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: "Text in the title or the contact's name" }),
    ),
    overdue: Type.Optional(
      Type.Boolean({ description: 'true: items with an open task or planned activity past its deadline' }),
    ),
    limitPerStage: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Cards per column' }),
    ),
  },
  { additionalProperties: false },
);
