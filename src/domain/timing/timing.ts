import type { FieldProblem } from '../errors.ts';
import { AppError } from '../errors.ts';
import { explainUnknownFact, FACT_FIELDS, type WorkRoot } from '../facts.ts';
import type { UserCalendar } from '../user.ts';
import { ACTIVITY_TYPES, type ActivityType } from '../work.ts';
import { readDateValue } from './date-value.ts';
import type { Duration } from './duration.ts';
import { addDuration, parseDuration, readDuration } from './duration.ts';
import { isPlainObject, unknownKeyProblems } from './input.ts';
import { addWorkingTime, nextWorkingMoment } from './working-calendar.ts';

/**
 * When a robot's run is due after the item enters the stage. `workingTime` counts in the working
 * calendar of the responsible user (default: false). Chaining a robot after the previous one of its
 * stage is not a timing: it is the robot's own `afterPrevious` flag, applied by the engine.
 */
export type Timing = (
  | { readonly kind: 'immediately' }
  /** `duration`: ISO 8601, not negative, e.g. "PT72H", "P3D". */
  | { readonly kind: 'after'; readonly duration: string }
  /**
   * `field`: a date fact (`item.stageEnteredAt`), a custom field (`item.fields.meetingAt`) or a
   * date of the item's work (`task.deadline`, `activity.start`: see WORK_DATE_FIELDS);
   * `offset`: signed ISO 8601 duration added to it, e.g. "-P1D" for the day before. Default: none.
   * `activityType`: with `activity.start` only, the kind of activity counted. Default: any.
   */
  | {
      readonly kind: 'at';
      readonly field: string;
      readonly offset?: string;
      readonly activityType?: ActivityType;
    }
) & { readonly workingTime?: boolean };

export const TIMING_KINDS = ['immediately', 'after', 'at'] as const;
export type TimingKind = (typeof TIMING_KINDS)[number];

export const IMMEDIATELY: Timing = { kind: 'immediately' };

const KEYS: Readonly<Record<TimingKind, readonly string[]>> = {
  immediately: ['kind', 'workingTime'],
  after: ['kind', 'duration', 'workingTime'],
  at: ['kind', 'field', 'offset', 'activityType', 'workingTime'],
};

/**
 * Dates of the work around an item that an `at` timing can be relative to. They are not facts of
 * the item: the engine looks them up when it plans, and plans again when the item's tasks or
 * activities change.
 *  - `task.deadline`: the nearest deadline still ahead among the item's open tasks;
 *  - `activity.start`: the nearest start still ahead among the item's planned activities (of
 *    `activityType`, when the timing names one).
 */
export const WORK_DATE_FIELDS = ['task.deadline', 'activity.start'] as const;
export type WorkDateField = (typeof WORK_DATE_FIELDS)[number];

export function isWorkDateField(field: string): field is WorkDateField {
  return (WORK_DATE_FIELDS as readonly string[]).includes(field);
}

/** The work date a timing is relative to, if it is relative to one. */
export function workDateOf(
  timing: Timing,
): { readonly field: WorkDateField; readonly activityType?: ActivityType } | undefined {
  if (timing.kind !== 'at' || !isWorkDateField(timing.field)) return undefined;
  return timing.activityType === undefined
    ? { field: timing.field }
    : { field: timing.field, activityType: timing.activityType };
}

/**
 * Whose facts (`task.*`, `activity.*`) the runs of a timing, as saved, can read: those of the
 * task or activity it is relative to. Undefined for any other timing, valid or not.
 */
export function workRootOfTiming(input: unknown): WorkRoot | undefined {
  const work = workOfTimingInput(input);
  if (work === undefined) return undefined;
  return work.field === 'task.deadline' ? 'task' : 'activity';
}

/** `workDateOf` for a timing not checked yet (a draft being edited); an unknown activity type counts any. */
export function workOfTimingInput(
  input: unknown,
): { readonly field: WorkDateField; readonly activityType?: ActivityType } | undefined {
  if (!isPlainObject(input) || input['kind'] !== 'at') return undefined;
  const field = input['field'];
  if (typeof field !== 'string' || !isWorkDateField(field)) return undefined;
  const activityType = ACTIVITY_TYPES.find((type) => type === input['activityType']);
  return field === 'activity.start' && activityType !== undefined ? { field, activityType } : { field };
}

/** Problems of a timing as saved by an integrator; empty when it is a valid `Timing`. */
export function validateTiming(input: unknown, pointer: string): FieldProblem[] {
  if (!isPlainObject(input)) return [{ field: pointer, message: 'must be an object with a "kind"' }];
  const timingKind = TIMING_KINDS.find((kind) => kind === input['kind']);
  if (timingKind === undefined) {
    return [{ field: `${pointer}/kind`, message: `must be one of ${TIMING_KINDS.join(', ')}` }];
  }
  const problems = unknownKeyProblems(input, KEYS[timingKind], pointer, `an "${timingKind}" timing`);
  if (input['workingTime'] !== undefined && typeof input['workingTime'] !== 'boolean') {
    problems.push({ field: `${pointer}/workingTime`, message: 'must be true or false' });
  }
  if (timingKind === 'after') {
    const problem = durationProblem(input['duration'], false);
    if (problem !== undefined) problems.push({ field: `${pointer}/duration`, message: problem });
  }
  if (timingKind === 'at') {
    const problem = dateFieldProblem(input['field']);
    if (problem !== undefined) problems.push({ field: `${pointer}/field`, message: problem });
    if (input['offset'] !== undefined) {
      const offsetProblem = durationProblem(input['offset'], true);
      if (offsetProblem !== undefined) problems.push({ field: `${pointer}/offset`, message: offsetProblem });
    }
    const activityType = input['activityType'];
    if (activityType !== undefined) {
      if (input['field'] !== 'activity.start') {
        problems.push({
          field: `${pointer}/activityType`,
          message: 'is allowed only with the field "activity.start"',
        });
      } else if (!ACTIVITY_TYPES.some((type) => type === activityType)) {
        problems.push({
          field: `${pointer}/activityType`,
          message: `must be one of ${ACTIVITY_TYPES.join(', ')}`,
        });
      }
    }
  }
  return problems;
}

export interface PlanContext {
  readonly now: Date;
  /** The current value of the `at` timing's field; ignored by the other kinds. */
  readonly fieldValue?: unknown;
  /** Calendar and IANA zone of the responsible user, used for days and working time. */
  readonly calendar: UserCalendar;
  readonly timeZone: string;
}

/** A due time (possibly in the past: then the run is due at once), or why there is none yet. */
export type PlanResult = { readonly dueAt: Date } | { readonly waiting: 'field_empty' };

/**
 * When a run with this timing is due. An `at` timing whose field is empty or unreadable waits:
 * the engine plans it again when the field changes.
 */
export function planDueAt(timing: Timing, ctx: PlanContext): PlanResult {
  const { now, calendar, timeZone } = ctx;
  const working = timing.workingTime === true;
  switch (timing.kind) {
    case 'immediately':
      return { dueAt: working ? nextWorkingMoment(now, calendar, timeZone) : new Date(now.getTime()) };
    case 'after': {
      const duration = storedDuration(timing.duration, 'duration');
      return {
        dueAt: working
          ? addWorkingTime(now, duration, calendar, timeZone)
          : addDuration(now, duration, timeZone),
      };
    }
    case 'at': {
      const base = readDateValue(ctx.fieldValue, timeZone);
      if (base === undefined) return { waiting: 'field_empty' };
      const shifted =
        timing.offset === undefined
          ? base
          : addDuration(base, storedDuration(timing.offset, 'offset'), timeZone);
      return { dueAt: working ? nextWorkingMoment(shifted, calendar, timeZone) : shifted };
    }
  }
}

/** The field whose changes must re-plan runs of this timing, if any. */
export function watchedField(timing: Timing): string | undefined {
  return timing.kind === 'at' ? timing.field : undefined;
}

function durationProblem(value: unknown, signed: boolean): string | undefined {
  if (value === undefined) return 'is required';
  const result = readDuration(value);
  if ('problem' in result) return result.problem;
  if (!signed && result.sign === -1) return 'must not be negative';
  return undefined;
}

function dateFieldProblem(value: unknown): string | undefined {
  if (value === undefined) return 'is required';
  if (typeof value !== 'string') return 'must be a field name such as "item.stageEnteredAt"';
  if (isWorkDateField(value)) return undefined;
  const factProblem = explainUnknownFact(value);
  if (factProblem !== undefined) return factProblem;
  if (Object.hasOwn(FACT_FIELDS, value)) {
    const kind = FACT_FIELDS[value as keyof typeof FACT_FIELDS];
    return kind === 'date' ? undefined : `"${value}" is not a date (it is a ${kind})`;
  }
  if (value.startsWith('item.fields.')) return undefined;
  return `"${value}" is not a date: use a date field, an item.fields.* custom field, ${WORK_DATE_FIELDS.join(' or ')}`;
}

/** Timings are validated when saved, so a bad duration here is stored data gone wrong. */
function storedDuration(text: string, part: string): Duration {
  const duration = parseDuration(text);
  if (duration === undefined) {
    throw new AppError('invalid_timing', 'invalid', `The robot's timing has an invalid ${part} "${text}"`, {
      details: { [part]: text },
      retryable: false,
    });
  }
  return duration;
}
