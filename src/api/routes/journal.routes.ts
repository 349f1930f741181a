import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { RunStatus } from '../../domain/run.ts';
import { JournalReadRepository } from '../../store/repositories/journal-read-repository.ts';
import { RunsReadRepository } from '../../store/repositories/runs-read-repository.ts';
import { actorOf } from '../actor.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { IdParams, PageQuery, pageOf, responses } from '../schemas/common.ts';
import {
  JournalEntrySchema,
  JournalQuery,
  RetryRunsResultSchema,
  RetryRunsSchema,
  RunListQuery,
  RunSchema,
} from '../schemas/journal.ts';
import { UndoReportSchema } from '../schemas/run-undo.ts';
import { apiAuthor } from './items.routes.ts';

/**
 * The journal for people: runs (the queue, with their outcome), an item's causal record, and the
 * manual retry of a failed run. Reading needs a viewer; a retry, a manager.
 */
export function registerJournalRoutes(app: App, { store, repos, engine }: AppContext): void {
  const journal = new JournalReadRepository(store.db);
  const runs = new RunsReadRepository(store.db);
  const retriedBy = (request: FastifyRequest) =>
    request.token?.name ?? request.principal?.userName ?? 'an API client';

  app.get(
    '/api/v1/runs',
    {
      schema: {
        tags: ['runs'],
        summary: 'List runs',
        description:
          'Filter by item, robot, pipeline, statuses and due time; oldest first, or failed runs first. ' +
          'Each run carries the names of its robot, item and stage',
        querystring: Type.Object(
          { ...RunListQuery.properties, ...PageQuery },
          { additionalProperties: false },
        ),
        response: responses({ 200: pageOf(RunSchema, 'Run') }),
      },
    },
    async (request) => {
      const { limit, cursor, status, from, to, dueFrom, dueTo, ...filter } = request.query;
      return runs.list(
        {
          ...filter,
          statuses: status?.split(',') as RunStatus[] | undefined,
          dueFrom: from ?? dueFrom,
          dueTo: to ?? dueTo,
        },
        { limit, cursor },
      );
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
    async (request) => runs.getOrThrow(request.params.id),
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
      await engine.retryRun(request.params.id, retriedBy(request));
      return runs.getOrThrow(request.params.id);
    },
  );

  app.get(
    '/api/v1/runs/:id/undo',
    {
      schema: {
        tags: ['runs'],
        summary: 'Preview the undo of a run',
        description:
          'What POST /runs/{id}/undo would put back, what it would refuse (a later change would be lost) and what cannot be undone (outside effects); changes nothing',
        params: IdParams,
        response: responses({ 200: UndoReportSchema }),
      },
    },
    async (request) => engine.previewUndo(request.params.id),
  );

  app.post(
    '/api/v1/runs/:id/undo',
    {
      config: { role: 'manager' },
      schema: {
        tags: ['runs'],
        summary: 'Undo a succeeded run',
        description:
          "Puts back the run's internal changes (fields, responsible user, stage, created tasks and activities), all or nothing: " +
          '409 undo_refused names each change that would overwrite a later one, and nothing changes. ' +
          'A move put back plans no robots of the stage the item returns to. Once per run (409 run_already_undone)',
        params: IdParams,
        response: responses({ 200: UndoReportSchema }),
      },
    },
    async (request) =>
      engine.undoRun(request.params.id, { actor: actorOf(request), author: apiAuthor(request) }),
  );

  app.post(
    '/api/v1/runs/retry',
    {
      config: { role: 'manager' },
      schema: {
        tags: ['runs'],
        summary: 'Retry several failed runs',
        description:
          'Each run as POST /runs/{id}/retry would, each on its own: a run that is not failed, or unknown, ' +
          'is refused with its code and the others are still retried',
        body: RetryRunsSchema,
        response: responses({ 200: RetryRunsResultSchema }),
      },
    },
    async (request) => {
      const outcome = await engine.retryRuns(request.body.ids, retriedBy(request));
      return { retried: await runs.byIds(outcome.retried), refused: outcome.refused };
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
