import type { FieldProblem } from '../errors.ts';
import { AppError } from '../errors.ts';
import type { UserCalendar } from '../user.ts';
import type { Duration } from './duration.ts';
import { addDuration, parseDuration, readDuration, timePartMillis } from './duration.ts';
import { isPlainObject, unknownKeyProblems } from './input.ts';
import { addWorkingDays } from './working-calendar.ts';
import { inZone, parseClockTime } from './zone.ts';

/**
 * The deadline of a task or activity a robot creates, relative to when the robot runs, in the
 * responsible user's zone. `{ after: 'P1D', workingDays: true, at: '10:00' }` reads "the next
 * working day at 10:00".
 */
export interface DeadlineSpec {
  /** ISO 8601 duration, not negative. Default: none (today). */
  readonly after?: string;
  /**
   * Count days and weeks of `after` as working days of the user's calendar (a week being as many
   * working days as the calendar has per week); the deadline then always falls on a working day.
   * `after` may then hold only days and weeks. Default: false (calendar days).
   */
  readonly workingDays?: boolean;
  /** Wall-clock time "HH:MM" set on the resulting day. Default: the time of day is kept. */
  readonly at?: string;
}

const KEYS = ['after', 'workingDays', 'at'] as const;

/** Problems of a deadline as saved by an integrator; empty when it is a valid `DeadlineSpec`. */
export function validateDeadlineSpec(input: unknown, pointer: string): FieldProblem[] {
  if (!isPlainObject(input)) return [{ field: pointer, message: 'must be an object' }];
  const problems = unknownKeyProblems(input, KEYS, pointer, 'a deadline');
  const workingDays = input['workingDays'];
  if (workingDays !== undefined && typeof workingDays !== 'boolean') {
    problems.push({ field: `${pointer}/workingDays`, message: 'must be true or false' });
  }
  if (input['after'] !== undefined) {
    const result = readDuration(input['after']);
    const message =
      'problem' in result
        ? result.problem
        : result.sign === -1
          ? 'must not be negative'
          : workingDays === true && !countsWholeDays(result)
            ? 'must count only days or weeks (such as P1D or P2W) when workingDays is true'
            : undefined;
    if (message !== undefined) problems.push({ field: `${pointer}/after`, message });
  }
  if (input['at'] !== undefined && parseClockTime(input['at']) === undefined) {
    problems.push({ field: `${pointer}/at`, message: 'must be a time HH:MM between 00:00 and 23:59' });
  }
  return problems;
}

/**
 * The deadline for a robot running at `now`. With `workingDays`, counting starts from the date of
 * `now` (so on a Saturday, P1D is Monday, and P0D or no `after` is Monday too); the working hours
 * are not applied, `at` says the time. A deadline may fall in the past only when `at` is earlier
 * than `now` on the same day, which is what the spec asks for.
 */
export function resolveDeadline(
  spec: DeadlineSpec,
  now: Date,
  calendar: UserCalendar,
  timeZone: string,
): Date {
  const duration = spec.after === undefined ? undefined : storedDuration(spec.after);
  let deadline: Date;
  if (spec.workingDays === true) {
    if (duration !== undefined && !countsWholeDays(duration)) {
      throw badSpec(`"after" must count only days or weeks with workingDays, not "${spec.after}"`);
    }
    const count =
      duration === undefined ? 0 : duration.days + duration.weeks * new Set(calendar.weekDays).size;
    deadline = addWorkingDays(now, count, calendar, timeZone);
  } else {
    deadline = duration === undefined ? new Date(now.getTime()) : addDuration(now, duration, timeZone);
  }
  if (spec.at === undefined) return deadline;
  const minutes = parseClockTime(spec.at);
  if (minutes === undefined) throw badSpec(`"at" must be a time HH:MM, not "${spec.at}"`);
  return inZone(deadline, timeZone)
    .set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 })
    .toJSDate();
}

/** Positive whole days or weeks, nothing else (years and months have no working-day meaning). */
function countsWholeDays(duration: Duration): boolean {
  return (
    duration.sign === 1 && duration.years === 0 && duration.months === 0 && timePartMillis(duration) === 0
  );
}

function storedDuration(text: string): Duration {
  const duration = parseDuration(text);
  if (duration === undefined || duration.sign === -1) {
    throw badSpec(`"after" must be a non-negative ISO 8601 duration, not "${text}"`);
  }
  return duration;
}

/** Deadlines are validated when saved, so a bad one here is stored data gone wrong. */
function badSpec(message: string): AppError {
  return new AppError('invalid_deadline', 'invalid', `The deadline cannot be resolved: ${message}`, {
    retryable: false,
  });
}
