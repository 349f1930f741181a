import { type Kysely, sql } from 'kysely';
import type {
  AlertWindows,
  RuleActivity,
  RuleActivityReader,
} from '../../automation/commands/rule-alerts.ts';
import type { RuleRecord, RuleRecordReader } from '../../automation/commands/rule-record.ts';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { Database } from '../schema.ts';
import { type NamedJournalEntry, nameJournalEntries } from './journal-names.ts';
import { toJournalEntry } from './journal-repository.ts';

/** Runs that did their action: what "fired" means for a robot. */
const FIRED_RUN_STATUSES = ['succeeded', 'failed'] as const;
const RECORDED_RUN_STATUSES = ['succeeded', 'failed', 'skipped', 'cancelled'] as const;

const count = (value: unknown): number => Number(value ?? 0);
const instant = (value: unknown): string | null =>
  value === null || value === undefined ? null : new Date(value as string).toISOString();

interface ActivityRow {
  readonly id: string;
  readonly name: string;
  readonly pipelineId: string;
  readonly pipelineName: string;
  readonly stageId: string;
  readonly stageName: string;
  readonly firedRecently: unknown;
  readonly firedBefore: unknown;
  readonly last: unknown;
}

/**
 * Each rule's record: counts per rule from the journal (triggers) and the runs (robots), one
 * grouped query per kind whatever the number of rules, through the indexes of migration 0016.
 * Runs count at the time they finished, journal entries at the time they were written.
 */
export class RuleRecordRepository implements RuleRecordReader, RuleActivityReader {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async pipelineRecord(pipelineId: string, from: Date, to: Date): Promise<RuleRecord[]> {
    const [since, until] = [from.toISOString(), to.toISOString()];
    const [triggers, robots, verdicts, lastMatched, runs, lastRun] = await Promise.all([
      this.#db
        .selectFrom('triggers')
        .select('id')
        .where('pipelineId', '=', pipelineId)
        .orderBy('id')
        .execute(),
      this.#db.selectFrom('robots').select('id').where('pipelineId', '=', pipelineId).orderBy('id').execute(),
      this.#db
        .selectFrom('journalEntries as j')
        .innerJoin('triggers as t', 't.id', 'j.triggerId')
        .select((eb) => ['j.triggerId', 'j.kind', eb.fn.countAll().as('n')])
        .where('t.pipelineId', '=', pipelineId)
        .where('j.kind', 'in', ['trigger_matched', 'trigger_not_matched'])
        .where('j.createdAt', '>=', since)
        .where('j.createdAt', '<=', until)
        .groupBy(['j.triggerId', 'j.kind'])
        .execute(),
      this.#db
        .selectFrom('journalEntries as j')
        .innerJoin('triggers as t', 't.id', 'j.triggerId')
        .select((eb) => ['j.triggerId', eb.fn.max('j.createdAt').as('last')])
        .where('t.pipelineId', '=', pipelineId)
        .where('j.kind', '=', 'trigger_matched')
        .where('j.createdAt', '<=', until)
        .groupBy('j.triggerId')
        .execute(),
      this.#db
        .selectFrom('runs')
        .innerJoin('robots as r', 'r.id', 'runs.robotId')
        .select((eb) => ['runs.robotId', 'runs.status', eb.fn.countAll().as('n')])
        .where('r.pipelineId', '=', pipelineId)
        .where('runs.status', 'in', RECORDED_RUN_STATUSES)
        .where('runs.finishedAt', '>=', since)
        .where('runs.finishedAt', '<=', until)
        .groupBy(['runs.robotId', 'runs.status'])
        .execute(),
      this.#db
        .selectFrom('runs')
        .innerJoin('robots as r', 'r.id', 'runs.robotId')
        .select((eb) => ['runs.robotId', eb.fn.max('runs.finishedAt').as('last')])
        .where('r.pipelineId', '=', pipelineId)
        .where('runs.status', 'in', FIRED_RUN_STATUSES)
        .where('runs.finishedAt', '<=', until)
        .groupBy('runs.robotId')
        .execute(),
    ]);
    const verdictsOf = (id: string, kind: string) =>
      count(verdicts.find((row) => row.triggerId === id && row.kind === kind)?.n);
    const runsOf = (id: string, status: string) =>
      count(runs.find((row) => row.robotId === id && row.status === status)?.n);
    return [
      ...triggers.map(({ id }) => ({
        kind: 'trigger' as const,
        ruleId: id,
        fired: verdictsOf(id, 'trigger_matched'),
        notMatched: verdictsOf(id, 'trigger_not_matched'),
        skipped: 0,
        failed: 0,
        cancelled: 0,
        lastFiredAt: instant(lastMatched.find((row) => row.triggerId === id)?.last),
      })),
      ...robots.map(({ id }) => ({
        kind: 'robot' as const,
        ruleId: id,
        fired: runsOf(id, 'succeeded') + runsOf(id, 'failed'),
        notMatched: 0,
        skipped: runsOf(id, 'skipped'),
        failed: runsOf(id, 'failed'),
        cancelled: runsOf(id, 'cancelled'),
        lastFiredAt: instant(lastRun.find((row) => row.robotId === id)?.last),
      })),
    ];
  }

  async ruleActivity(windows: AlertWindows): Promise<RuleActivity[]> {
    const since = windows.quietFrom.toISOString();
    const now = windows.now.toISOString();
    const recent = windows.recentFrom.toISOString();
    const failingFrom = windows.failingFrom.toISOString();
    const at = sql.ref('j.createdAt');
    const triggers = await this.#db
      .selectFrom('triggers as t')
      .innerJoin('journalEntries as j', 'j.triggerId', 't.id')
      .innerJoin('pipelines as p', 'p.id', 't.pipelineId')
      .innerJoin('stages as s', 's.id', 't.stageId')
      .select((eb) => [
        't.id',
        't.name',
        't.pipelineId',
        'p.name as pipelineName',
        't.stageId',
        's.name as stageName',
        sql<number>`sum(case when ${at} >= ${recent} then 1 else 0 end)`.as('firedRecently'),
        sql<number>`sum(case when ${at} < ${recent} then 1 else 0 end)`.as('firedBefore'),
        eb.fn.max('j.createdAt').as('last'),
      ])
      .where('t.enabled', '=', true)
      .where('j.kind', '=', 'trigger_matched')
      .where('j.createdAt', '>=', since)
      .where('j.createdAt', '<=', now)
      .groupBy(['t.id', 't.name', 't.pipelineId', 'p.name', 't.stageId', 's.name'])
      .execute();
    const end = sql.ref('runs.finishedAt');
    const failed = sql`${sql.ref('runs.status')} = 'failed'`;
    const robots = await this.#db
      .selectFrom('robots as r')
      .innerJoin('runs', 'runs.robotId', 'r.id')
      .innerJoin('pipelines as p', 'p.id', 'r.pipelineId')
      .innerJoin('stages as s', 's.id', 'r.stageId')
      .select((eb) => [
        'r.id',
        'r.name',
        'r.pipelineId',
        'p.name as pipelineName',
        'r.stageId',
        's.name as stageName',
        sql<number>`sum(case when ${end} >= ${recent} then 1 else 0 end)`.as('firedRecently'),
        sql<number>`sum(case when ${end} < ${recent} then 1 else 0 end)`.as('firedBefore'),
        sql<number>`sum(case when ${failed} and ${end} >= ${recent} then 1 else 0 end)`.as('failedRecently'),
        sql<number>`sum(case when ${failed} and ${end} >= ${failingFrom} and ${end} < ${recent} then 1 else 0 end)`.as(
          'failedBefore',
        ),
        eb.fn.max('runs.finishedAt').as('last'),
      ])
      .where('r.enabled', '=', true)
      .where('runs.status', 'in', FIRED_RUN_STATUSES)
      .where('runs.finishedAt', '>=', since)
      .where('runs.finishedAt', '<=', now)
      .groupBy(['r.id', 'r.name', 'r.pipelineId', 'p.name', 'r.stageId', 's.name'])
      .execute();
    const common = (row: ActivityRow) => ({
      ruleId: row.id,
      ruleName: row.name,
      pipelineId: row.pipelineId,
      pipelineName: row.pipelineName,
      stageId: row.stageId,
      stageName: row.stageName,
      firedRecently: count(row.firedRecently),
      firedBefore: count(row.firedBefore),
      lastFiredAt: instant(row.last),
    });
    return [
      ...triggers.map((row) => ({
        kind: 'trigger' as const,
        ...common(row),
        failedRecently: 0,
        failedBefore: 0,
      })),
      ...robots.map((row) => ({
        kind: 'robot' as const,
        ...common(row),
        failedRecently: count(row.failedRecently),
        failedBefore: count(row.failedBefore),
      })),
    ];
  }

  /** A trigger's journal entries, newest first. */
  async triggerJournal(triggerId: string, page: PageRequest): Promise<Page<NamedJournalEntry>> {
    const limit = pageSize(page);
    let query = this.#db
      .selectFrom('journalEntries')
      .selectAll()
      .where('triggerId', '=', triggerId)
      .orderBy('id', 'desc')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '<', decodeCursor(page.cursor));
    const entries = toPage(await query.execute(), limit, toJournalEntry);
    return { data: await nameJournalEntries(this.#db, entries.data), nextCursor: entries.nextCursor };
  }
}
