import { Type } from 'typebox';
import { JournalReadRepository } from '../../store/repositories/journal-read-repository.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { IdParams, PageQuery, pageOf, responses } from '../schemas/common.ts';
import { JournalEntrySchema, JournalQuery, RunListQuery, RunSchema } from '../schemas/journal.ts';

/**
 * The journal for people: runs (the queue, with their outcome), an item's causal record, and the
 * manual retry of a failed run. Reading needs a viewer; a retry, a manager.
 */
export function registerJournalRoutes(app: App, { store, repos, clock, ids, engine }: AppContext): void {
  const journal = new JournalReadRepository(store.db, ids);

  app.get(
    '/api/v1/runs',
    {
      schema: {
        tags: ['runs'],
        summary: 'List runs',
        description: 'Filter by item, robot, status and due time; oldest first',
        querystring: Type.Object(
          { ...RunListQuery.properties, ...PageQuery },
          { additionalProperties: false },
        ),
        response: responses({ 200: pageOf(RunSchema, 'Run') }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return journal.listRuns(filter, { limit, cursor });
    },
  );

  app.get(
    '/api/v1/runs/:id',
    {
      schema: {
        tags: ['runs'],
        summary: 'Read a run',
        params: IdParams,
        response: responses({ 200: RunSchema }),
      },
    },
    async (request) => journal.getRunOrThrow(request.params.id),
  );

  app.post(
    '/api/v1/runs/:id/retry',
    {
      config: { role: 'manager' },
      schema: {
        tags: ['runs'],
        summary: 'Retry a failed run',
        description:
          'Schedules one more attempt, due now; the last error stays until it runs. Only a failed run (409 run_not_failed otherwise)',
        params: IdParams,
        response: responses({ 200: RunSchema }),
      },
    },
    async (request) => {
      const by = request.token?.name ?? request.principal?.userName ?? 'an API client';
      const run = await journal.retryRun(request.params.id, by, clock.now());
      // Due now: the runner here (SQLite or PostgreSQL) and the other processes take it at once.
      engine.wake('runs');
      return run;
    },
  );

  app.get(
    '/api/v1/items/:id/journal',
    {
      schema: {
        tags: ['items'],
        summary: "Read an item's journal",
        description:
          'Events, trigger evaluations (with the reason a trigger did not match), moves, refusals and runs, oldest first',
        params: IdParams,
        querystring: Type.Object(
          { ...JournalQuery.properties, ...PageQuery },
          { additionalProperties: false },
        ),
        response: responses({ 200: pageOf(JournalEntrySchema, 'JournalEntry') }),
      },
    },
    async (request) => {
      await repos.items.getOrThrow(request.params.id);
      const { limit, cursor, ...filter } = request.query;
      return journal.itemJournal(request.params.id, filter, { limit, cursor });
    },
  );
}
