import { Type } from 'typebox';
import { ACTIVITY_TYPES } from '../work.ts';

/**
 * The shape of a Timing as TypeBox, for reading stored robots back. Structure only: durations and
 * date fields are checked when the robot is saved (validateTiming in timing.ts).
 */
const workingTime = Type.Optional(Type.Boolean());

export const TimingSchema = Type.Union([
  Type.Object({ kind: Type.Literal('immediately'), workingTime }),
  Type.Object({ kind: Type.Literal('after'), duration: Type.String(), workingTime }),
  Type.Object({
    kind: Type.Literal('at'),
    field: Type.String(),
    offset: Type.Optional(Type.String()),
    activityType: Type.Optional(Type.Union(ACTIVITY_TYPES.map((type) => Type.Literal(type)))),
    workingTime,
  }),
]);
