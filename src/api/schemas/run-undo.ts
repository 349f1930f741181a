import { Type } from 'typebox';
import { NullableId, NullableTimestamp, StringEnum } from './common.ts';

const UndoEffectSchema = Type.Object(
  {
    kind: StringEnum(['field', 'responsible', 'stage', 'task', 'activity', 'outside', 'record', 'nothing'], {
      description:
        'What the run changed: a field, the responsible user, the stage, a task, an activity; outside effects; records kept',
    }),
    verdict: Type.Union([Type.Literal('undo'), Type.Literal('refused'), Type.Literal('not_undoable')], {
      description:
        'undo: it is put back; refused: a later change would be lost (the whole undo is refused); not_undoable: it stays (mail sent, history) and does not stop the undo',
    }),
    description: Type.String(),
    reason: Type.Optional(Type.String({ description: 'Why it is refused or not undoable' })),
    target: Type.Optional(Type.String({ description: 'The field path, stage, task or activity' })),
    before: Type.Optional(Type.Unknown({ description: 'The value an undo puts back' })),
    after: Type.Optional(Type.Unknown({ description: 'The value the run wrote' })),
  },
  { title: 'UndoEffect' },
);

export const UndoReportSchema = Type.Object(
  {
    runId: Type.String(),
    itemId: Type.String(),
    actionType: Type.String(),
    undoable: Type.Boolean({ description: 'Whether POST would undo the run now' }),
    blockedBy: Type.Union([Type.String(), Type.Null()], { description: 'Why it would be refused' }),
    effects: Type.Immutable(Type.Array(UndoEffectSchema)),
    undoneAt: NullableTimestamp,
    undoneBy: Type.Union([Type.Object({ userId: NullableId, name: Type.String() }), Type.Null()]),
  },
  { title: 'UndoReport', description: 'What undoing a run would do, or did' },
);
