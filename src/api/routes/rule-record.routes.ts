import { ruleAlerts } from '../../automation/commands/rule-alerts.ts';
import { ruleRecords } from '../../automation/commands/rule-record.ts';
import type { RunStatus } from '../../domain/run.ts';
import { RuleRecordRepository } from '../../store/repositories/rule-record-repository.ts';
import { RunsReadRepository } from '../../store/repositories/runs-read-repository.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { IdParams, pageOf, responses } from '../schemas/common.ts';
import { JournalEntrySchema, RunSchema } from '../schemas/journal.ts';
import {
  RobotRunsQuery,
  RuleAlertsSchema,
  RuleRecordQuery,
  RuleRecordsSchema,
  TriggerJournalQuery,
} from '../schemas/rule-record.ts';

/** What each rule did: its 30-day record, its own journal or runs, and the dashboard's alerts. Any role reads them. */
export function registerRuleRecordRoutes(app: App, { store, repos, clock }: AppContext): void {
  const reader = new RuleRecordRepository(store.db);
  const runs = new RunsReadRepository(store.db);

  app.get(
    '/api/v1/rules/record',
    {
      schema: {
        tags: ['triggers', 'robots'],
        summary: "Each rule's record of the last 30 days",
        description:
          "For every trigger and robot of the pipeline, by the server's clock: triggers fired (matched) and " +
          'not matched; robots fired (succeeded or failed), skipped, failed, cancelled (runs by the time they ' +
          'finished); and when each last fired',
        querystring: RuleRecordQuery,
        response: responses({ 200: RuleRecordsSchema }),
      },
    },
    async (request) => {
      await repos.pipelines.getOrThrow(request.query.pipelineId);
      return ruleRecords({ clock, reader }, request.query.pipelineId);
    },
  );

  app.get(
    '/api/v1/triggers/:id/journal',
    {
      schema: {
        tags: ['triggers'],
        summary: "A trigger's journal",
        description: 'Its matches and misses and the moves it made, newest first, shaped as an item journal',
        params: IdParams,
        querystring: TriggerJournalQuery,
        response: responses({ 200: pageOf(JournalEntrySchema, 'JournalEntry') }),
      },
    },
    async (request) => {
      await repos.rules.getTriggerOrThrow(request.params.id);
      return reader.triggerJournal(request.params.id, request.query);
    },
  );

  app.get(
    '/api/v1/robots/:id/runs',
    {
      schema: {
        tags: ['robots'],
        summary: "A robot's runs",
        description: 'Newest first, shaped as GET /runs; filter by status (a comma list)',
        params: IdParams,
        querystring: RobotRunsQuery,
        response: responses({ 200: pageOf(RunSchema, 'Run') }),
      },
    },
    async (request) => {
      await repos.rules.getRobotOrThrow(request.params.id);
      const { limit, cursor, status } = request.query;
      return runs.list(
        {
          robotId: request.params.id,
          statuses: status?.split(',') as RunStatus[] | undefined,
          order: 'newest-first',
        },
        { limit, cursor },
      );
    },
  );

  app.get(
    '/api/v1/stats/rule-alerts',
    {
      schema: {
        tags: ['stats'],
        summary: 'Rules gone quiet or failing more',
        description:
          'Enabled rules only. quiet: fired at least 3 times in the 30 days before the last 7 and not once in the ' +
          'last 7. failing: a robot that failed at least 3 times in the last 7 days and more than twice as often ' +
          'as in the 7 days before',
        response: responses({ 200: RuleAlertsSchema }),
      },
    },
    async () => ({ data: await ruleAlerts({ clock, reader }) }),
  );
}
