import type { Kysely, Selectable } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import type { NewRevision, Revision, RevisionChange, RevisionRuleKind } from '../../domain/revisions.ts';
import { fromJson, toJson } from '../columns.ts';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { Database, RuleRevisionsTable } from '../schema.ts';

export interface RevisionFilter {
  readonly ruleKind?: RevisionRuleKind | undefined;
  readonly ruleId?: string | undefined;
  readonly pipelineId?: string | undefined;
}

function toRevision(row: Selectable<RuleRevisionsTable>): Revision {
  return {
    id: row.id,
    ruleKind: row.ruleKind as RevisionRuleKind,
    ruleId: row.ruleId,
    pipelineId: row.pipelineId,
    version: row.version,
    change: row.change as RevisionChange,
    before: fromJson<Record<string, unknown> | null>(row.before, null),
    after: fromJson<Record<string, unknown> | null>(row.after, null),
    actor: { userId: row.actorUserId, name: row.actorName },
    at: row.at,
  };
}

const jsonOrNull = (value: unknown): string | null => (value === null ? null : toJson(value));

/**
 * The history of rule changes (migration 0015). Written by the rule commands in the transaction
 * of the change itself; read newest first, by rule or by pipeline (both indexed with the id).
 */
export class RevisionsRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;

  constructor(db: Kysely<Database>, ids: IdGenerator) {
    this.#db = db;
    this.#ids = ids;
  }

  async add(revision: NewRevision, now: Date): Promise<Revision> {
    const row: Selectable<RuleRevisionsTable> = {
      id: this.#ids(),
      ruleKind: revision.ruleKind,
      ruleId: revision.ruleId,
      pipelineId: revision.pipelineId,
      version: revision.version,
      change: revision.change,
      before: jsonOrNull(revision.before),
      after: jsonOrNull(revision.after),
      actorUserId: revision.actor.userId,
      actorName: revision.actor.name,
      at: now.toISOString(),
    };
    await this.#db.insertInto('ruleRevisions').values(row).execute();
    return toRevision(row);
  }

  async find(id: string): Promise<Revision | undefined> {
    const row = await this.#db
      .selectFrom('ruleRevisions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toRevision(row);
  }

  /** Newest first (ids are UUIDv7); the cursor is the last id seen. */
  async list(filter: RevisionFilter, page: PageRequest): Promise<Page<Revision>> {
    const limit = pageSize(page);
    let query = this.#db
      .selectFrom('ruleRevisions')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '<', decodeCursor(page.cursor));
    if (filter.ruleId !== undefined) query = query.where('ruleId', '=', filter.ruleId);
    if (filter.pipelineId !== undefined) query = query.where('pipelineId', '=', filter.pipelineId);
    if (filter.ruleKind !== undefined) query = query.where('ruleKind', '=', filter.ruleKind);
    return toPage(await query.execute(), limit, toRevision);
  }
}
