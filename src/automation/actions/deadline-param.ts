import { type Static, Type } from 'typebox';
import type { FieldProblem } from '../../domain/errors.ts';
import { resolveDeadline, validateDeadlineSpec } from '../../domain/timing/deadline.ts';
import { DEFAULT_CALENDAR, type User } from '../../domain/user.ts';

/**
 * A deadline relative to the moment the run fires, in the calendar of the person who gets the
 * work: `{after: 'P1D', workingDays: true, at: '10:00'}` is "next working day at 10:00".
 * The schema checks the shape; `validateDeadlineParam` checks the duration's meaning.
 */
export const DeadlineSchema = Type.Object(
  {
    after: Type.Optional(
      Type.String({ minLength: 2, maxLength: 64, description: 'ISO 8601 duration, e.g. P1D or PT4H' }),
    ),
    workingDays: Type.Optional(
      Type.Boolean({ description: "Count days in the user's working calendar. Default: false" }),
    ),
    at: Type.Optional(
      Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'Wall-clock time HH:MM' }),
    ),
  },
  {
    additionalProperties: false,
    description:
      'Due time counted from when the run fires, in the working calendar and time zone of the person doing the work. Default: none',
  },
);
export type DeadlineParam = Static<typeof DeadlineSchema>;

export function validateDeadlineParam(spec: DeadlineParam | undefined, pointer: string): FieldProblem[] {
  return spec === undefined ? [] : validateDeadlineSpec(spec, pointer);
}

/**
 * When the work is due for `user` (their working days and time zone); without a user, the
 * default calendar in UTC.
 */
export function deadlineFor(spec: DeadlineParam | undefined, user: User | undefined, now: Date): Date | null {
  if (spec === undefined) return null;
  return resolveDeadline(spec, now, user?.calendar ?? DEFAULT_CALENDAR, user?.timeZone ?? 'UTC');
}
