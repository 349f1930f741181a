import { invalid } from '../../domain/errors.ts';
import { lastLocalDays } from '../../domain/timing/local-days.ts';
import { isTimeZone } from '../../domain/user.ts';
import { StatsRepository } from '../../store/repositories/stats-repository.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { responses } from '../schemas/common.ts';
import { FunnelQuery, FunnelSchema, RunsPerDayQuery, RunsPerDaySchema } from '../schemas/stats.ts';

const tags = ['stats'];

/** The dashboard: a funnel per pipeline and the runs of the last days by status. */
export function registerStatsRoutes(app: App, { store, clock }: AppContext): void {
  const stats = new StatsRepository(store.db);

  app.get(
    '/api/v1/stats/funnel',
    {
      schema: {
        tags,
        summary: "A pipeline's funnel",
        description:
          'Per stage: items in it now, items that reached it, and the conversion from the previous open stage',
        querystring: FunnelQuery,
        response: responses({ 200: FunnelSchema }),
      },
    },
    async (request) => stats.funnel(request.query.pipelineId),
  );

  app.get(
    '/api/v1/stats/runs-per-day',
    {
      schema: {
        tags,
        summary: 'Runs per day by status',
        description:
          "The last `days` calendar days in `timeZone`, today included, by the server's clock: finished runs " +
          'on the day they finished, scheduled runs on the day they are due',
        querystring: RunsPerDayQuery,
        response: responses({ 200: RunsPerDaySchema }),
      },
    },
    async (request) => {
      const { days = 14, timeZone = 'UTC', pipelineId } = request.query;
      if (!isTimeZone(timeZone)) {
        throw invalid(
          '/querystring/timeZone',
          `"${timeZone}" is not a known IANA time zone`,
          'invalid_time_zone',
        );
      }
      return { days: await stats.runsPerDay(lastLocalDays(clock.now(), days, timeZone), pipelineId) };
    },
  );
}
