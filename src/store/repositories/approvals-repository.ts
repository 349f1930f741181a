import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ApprovalChange, NewApproval } from '../../automation/approval-ports.ts';
import {
  type Approval,
  type ApprovalDecisionRecord,
  type ApprovalStatus,
  currentApproverId,
  type DeadlineOutcome,
} from '../../domain/approval.ts';
import type { IdGenerator } from '../../domain/clock.ts';
import { notFound } from '../../domain/errors.ts';
import { fromBool, fromJson, toJson, toTimestamp } from '../columns.ts';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { ApprovalsTable, Database } from '../schema.ts';

const iso = (value: string | Date | null): string | null =>
  value === null ? null : new Date(value).toISOString();

function toApproval(row: Selectable<ApprovalsTable>): Approval {
  return {
    id: row.id,
    itemId: row.itemId,
    robotId: row.robotId,
    runId: row.runId,
    title: row.title,
    approverIds: fromJson<string[]>(row.approverIds, []),
    step: Number(row.step),
    status: row.status as ApprovalStatus,
    decisions: fromJson<ApprovalDecisionRecord[]>(row.decisions, []),
    deadlineMinutes: row.deadlineMinutes === null ? null : Number(row.deadlineMinutes),
    deadlineInWorkingTime: fromBool(row.deadlineInWorkingTime),
    onDeadline: row.onDeadline as DeadlineOutcome,
    dueAt: iso(row.dueAt),
    createdAt: iso(row.createdAt) ?? '',
    updatedAt: iso(row.updatedAt) ?? '',
  };
}

export interface ApprovalFilter {
  /** Pending approvals where it is this user's turn. */
  readonly approverId?: string | undefined;
  readonly itemId?: string | undefined;
  readonly status?: ApprovalStatus | undefined;
}

/** Approvals asked by robots (request_approval), their steps, deadlines and mail. */
export class ApprovalsRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;
  readonly #lockRows: boolean;

  constructor(db: Kysely<Database>, ids: IdGenerator, lockRows = false) {
    this.#db = db;
    this.#ids = ids;
    this.#lockRows = lockRows;
  }

  async create(input: NewApproval, now: Date): Promise<Approval> {
    if (input.runId !== null) {
      const earlier = await this.#db
        .selectFrom('approvals')
        .selectAll()
        .where('runId', '=', input.runId)
        .executeTakeFirst();
      if (earlier !== undefined) return toApproval(earlier);
    }
    const id = this.#ids();
    const at = now.toISOString();
    await this.#db
      .insertInto('approvals')
      .values({
        id,
        itemId: input.itemId,
        robotId: input.robotId,
        runId: input.runId,
        title: input.title,
        approverIds: toJson(input.approverIds),
        step: 0,
        status: 'pending',
        decisions: toJson([]),
        deadlineMinutes: input.deadlineMinutes,
        deadlineInWorkingTime: input.deadlineInWorkingTime,
        onDeadline: input.onDeadline,
        dueAt: input.dueAt,
        currentApproverId: input.approverIds[0] ?? null,
        mailStep: 0,
        mailAttempts: 0,
        mailDueAt: at,
        mailLeaseUntil: null,
        linkKey: randomBytes(32).toString('base64url'),
        createdAt: at,
        updatedAt: at,
        version: 1,
      })
      .execute();
    return this.getOrThrow(id);
  }

  async find(id: string): Promise<Approval | undefined> {
    const row = await this.#db.selectFrom('approvals').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toApproval(row);
  }

  async getOrThrow(id: string): Promise<Approval> {
    const found = await this.find(id);
    if (found === undefined) throw notFound('approval', id);
    return found;
  }

  async findForUpdate(id: string): Promise<Approval | undefined> {
    const query = this.#db.selectFrom('approvals').selectAll().where('id', '=', id);
    const row = await (this.#lockRows ? query.forUpdate() : query).executeTakeFirst();
    return row === undefined ? undefined : toApproval(row);
  }

  async change(current: Approval, change: ApprovalChange, now: Date): Promise<Approval> {
    const next: Approval = { ...current, ...change };
    await this.#db
      .updateTable('approvals')
      .set((eb) => ({
        approverIds: toJson(change.approverIds),
        step: change.step,
        status: change.status,
        decisions: toJson(change.decisions),
        dueAt: change.dueAt,
        currentApproverId: currentApproverId(next) ?? null,
        // A step that starts plans its mail at once; a sender still holding the last step's mail
        // loses its lease, so its outcome is not written over this one.
        mailStep: change.mailStep,
        mailAttempts: 0,
        mailDueAt: change.mailStep === null ? null : now.toISOString(),
        mailLeaseUntil: null,
        updatedAt: now.toISOString(),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', current.id)
      .execute();
    return this.getOrThrow(current.id);
  }

  async dueDeadlines(now: Date, limit: number): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('approvals')
      .select('id')
      .where('dueAt', 'is not', null)
      .where('dueAt', '<=', now.toISOString())
      .where('status', '=', 'pending')
      .orderBy('dueAt')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }

  async nextDueAt(): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('approvals')
      .select((eb) => eb.fn.min('dueAt').as('next'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    const next = row?.next as string | Date | null | undefined;
    return next === null || next === undefined ? undefined : new Date(next).toISOString();
  }

  async mailDue(now: Date, limit: number): Promise<{ id: string; step: number }[]> {
    const at = toTimestamp(now);
    const rows = await this.#db
      .selectFrom('approvals')
      .select(['id', 'mailStep'])
      .where('mailDueAt', '<=', at)
      .where('mailStep', 'is not', null)
      .where((eb) => eb.or([eb('mailLeaseUntil', 'is', null), eb('mailLeaseUntil', '<=', at)]))
      .orderBy('mailDueAt')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ id: row.id, step: Number(row.mailStep) }));
  }

  async takeMail(
    id: string,
    step: number,
    now: Date,
    leaseUntil: Date,
  ): Promise<{ attempts: number } | undefined> {
    const at = toTimestamp(now);
    // The conditional update is the claim: of two senders only one sets the lease of a due mail.
    const claimed = await this.#db
      .updateTable('approvals')
      .set({ mailLeaseUntil: toTimestamp(leaseUntil) })
      .where('id', '=', id)
      .where('mailStep', '=', step)
      .where('mailDueAt', '<=', at)
      .where((eb) => eb.or([eb('mailLeaseUntil', 'is', null), eb('mailLeaseUntil', '<=', at)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return undefined;
    const row = await this.#db
      .selectFrom('approvals')
      .select('mailAttempts')
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : { attempts: Number(row.mailAttempts) };
  }

  async retryMail(id: string, step: number, leaseUntil: Date, attempts: number, dueAt: Date): Promise<void> {
    await this.#db
      .updateTable('approvals')
      .set({ mailAttempts: attempts, mailDueAt: toTimestamp(dueAt), mailLeaseUntil: null })
      .where('id', '=', id)
      .where('mailStep', '=', step)
      .where('mailLeaseUntil', '=', toTimestamp(leaseUntil))
      .execute();
  }

  async endMail(id: string, step: number, leaseUntil: Date, attempts: number): Promise<boolean> {
    const ended = await this.#db
      .updateTable('approvals')
      .set({ mailStep: null, mailAttempts: attempts, mailDueAt: null, mailLeaseUntil: null })
      .where('id', '=', id)
      .where('mailStep', '=', step)
      .where('mailLeaseUntil', '=', toTimestamp(leaseUntil))
      .executeTakeFirst();
    return Number(ended.numUpdatedRows) > 0;
  }

  async nextMailDueAt(): Promise<string | undefined> {
    // A mail held by a sender is due again when the lease ends, if that is later than its time.
    const row = await this.#db
      .selectFrom('approvals')
      .select((eb) =>
        eb.fn
          .min(
            eb
              .case()
              .when('mailLeaseUntil', '>', eb.ref('mailDueAt'))
              .then(eb.ref('mailLeaseUntil'))
              .else(eb.ref('mailDueAt'))
              .end(),
          )
          .as('next'),
      )
      .where('mailDueAt', 'is not', null)
      .executeTakeFirst();
    const next = row?.next as string | Date | null | undefined;
    return next === null || next === undefined ? undefined : new Date(next).toISOString();
  }

  async linkKey(id: string): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('approvals')
      .select('linkKey')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.linkKey;
  }

  async list(filter: ApprovalFilter, page: PageRequest): Promise<Page<Approval>> {
    const limit = pageSize(page);
    let query = this.#db
      .selectFrom('approvals')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '<', decodeCursor(page.cursor));
    if (filter.approverId !== undefined) query = query.where('currentApproverId', '=', filter.approverId);
    if (filter.itemId !== undefined) query = query.where('itemId', '=', filter.itemId);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    return toPage(await query.execute(), limit, toApproval);
  }
}
