import { Type } from 'typebox';
import { AppError, invalid } from '../../domain/errors.ts';
import type { ManualClock } from '../../domain/manual-clock.ts';
import { addDuration, readDuration } from '../../domain/timing/duration.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { responses, Timestamp } from '../schemas/common.ts';

const tags = ['clock'];

const ClockSchema = Type.Object({ now: Timestamp }, { title: 'Clock' });
const AdvanceSchema = Type.Object(
  {
    by: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'ISO 8601 duration to move forward, positive, at most 10 years',
      examples: ['PT72H', 'P3D'],
    }),
  },
  { additionalProperties: false },
);
const AdvancedSchema = Type.Object(
  {
    now: Timestamp,
    ran: Type.Integer({ minimum: 0, description: 'Runs executed because they became due' }),
  },
  { title: 'ClockAdvanced' },
);

/** Rounds of "process events, run what is due" before answering; each round usually ends it. */
const MAX_ROUNDS = 100;

function manualClockOf(context: AppContext): ManualClock {
  if (context.manualClock === undefined) {
    throw new AppError(
      'clock_not_manual',
      'not_found',
      'The server runs on the system clock; start it with STAGEFLOW_CLOCK=manual to read and move its clock',
    );
  }
  return context.manualClock;
}

/** Milliseconds of a positive ISO 8601 duration; calendar parts count in UTC. */
function advanceMillis(text: string, now: Date): number {
  const duration = readDuration(text);
  if ('problem' in duration) throw invalid('/body/by', duration.problem);
  const millis = addDuration(now, duration, 'UTC').getTime() - now.getTime();
  if (duration.sign < 0 || millis <= 0)
    throw invalid('/body/by', 'must be a positive duration: the clock only moves forward');
  return millis;
}

/**
 * The test clock (DESIGN.md §4): with STAGEFLOW_CLOCK=manual, time stands still until an admin
 * moves it, and moving it fires what became due, so "3 days later" is checked in seconds. Its
 * present is stored, so a restarted server resumes there (see `restoreManualClock`).
 * Without the manual clock both routes answer 404.
 */
export function registerClockRoutes(app: App, context: AppContext): void {
  app.get(
    '/api/v1/clock',
    {
      config: { role: 'admin' },
      schema: { tags, summary: 'Read the manual clock', response: responses({ 200: ClockSchema }) },
    },
    async () => ({ now: manualClockOf(context).now().toISOString() }),
  );

  app.post(
    '/api/v1/clock/advance',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Move the manual clock forward and run what became due',
        body: AdvanceSchema,
        response: responses({ 200: AdvancedSchema }),
      },
    },
    async (request) => {
      const clock = manualClockOf(context);
      // Stored before anything runs at the new time, so a restart never resumes behind what the
      // runs below stamp. The stored value only ever rises (see SettingsRepository).
      const now = clock.advance(advanceMillis(request.body.by, clock.now()));
      await context.repos.settings.raiseManualClock(now);
      // Runs became due: the background worker plans its sleep again (the one wake-up path).
      context.engine.wake('runs');
      let ran = 0;
      // Runs may emit events and events may plan runs due at once: go on until both are quiet.
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const processed = await context.engine.processPending();
        const executed = (await context.runner?.drain()) ?? 0;
        ran += executed;
        if (processed === 0 && executed === 0) break;
      }
      return { now: clock.now().toISOString(), ran };
    },
  );
}
