import type { Kysely } from 'kysely';
import type { JournalEntry } from '../../domain/journal.ts';
import type { Database } from '../schema.ts';

/** The names a person reads in a journal entry, so a page of entries needs no lookups per row. */
export interface JournalNames {
  /** The trigger of the entry, or of the move it records. */
  readonly triggerName: string | null;
  /** The robot of the entry, or the robot whose run made the move. */
  readonly robotName: string | null;
  readonly guardName: string | null;
  /** The stage of the entry: the target of a move or refusal, the stage of a run. */
  readonly stageName: string | null;
  /** The stage a move or refusal left from. */
  readonly fromStageName: string | null;
  /** The API token or user who made a manual move. */
  readonly authorName: string | null;
}

export type NamedJournalEntry = JournalEntry & JournalNames;

type Cause = {
  kind?: unknown;
  triggerId?: unknown;
  robotId?: unknown;
  authorType?: unknown;
  authorId?: unknown;
};

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const causeOf = (entry: JournalEntry): Cause =>
  typeof entry.data['cause'] === 'object' && entry.data['cause'] !== null
    ? (entry.data['cause'] as Cause)
    : {};

/**
 * Adds the names of the rules, stages and people an entry refers to, in one query per kind of
 * name for the whole page. A deleted rule or token leaves its name null.
 */
export async function nameJournalEntries(
  db: Kysely<Database>,
  entries: readonly JournalEntry[],
): Promise<NamedJournalEntry[]> {
  const collect = (pick: (entry: JournalEntry) => (string | null | undefined)[]) => [
    ...new Set(entries.flatMap(pick).filter((id): id is string => typeof id === 'string')),
  ];
  const triggerIds = collect((e) => [e.triggerId, text(causeOf(e).triggerId)]);
  const robotIds = collect((e) => [e.robotId, text(causeOf(e).robotId)]);
  const guardIds = collect((e) => [e.guardId]);
  const stageIds = collect((e) => [e.stageId, text(e.data['fromStageId']), text(e.data['toStageId'])]);
  const authorOf = (e: JournalEntry, type: string) => {
    const cause = causeOf(e);
    return cause.kind === 'manual' && cause.authorType === type ? text(cause.authorId) : undefined;
  };
  const tokenIds = collect((e) => [authorOf(e, 'api')]);
  const userIds = collect((e) => [authorOf(e, 'user')]);

  const names = async (
    table: 'triggers' | 'robots' | 'guards' | 'stages' | 'apiTokens' | 'users',
    ids: string[],
  ): Promise<Map<string, string>> => {
    if (ids.length === 0) return new Map();
    const rows = await db.selectFrom(table).select(['id', 'name']).where('id', 'in', ids).execute();
    return new Map(rows.map((row) => [row.id, row.name]));
  };
  const [triggers, robots, guards, stages, tokens, users] = await Promise.all([
    names('triggers', triggerIds),
    names('robots', robotIds),
    names('guards', guardIds),
    names('stages', stageIds),
    names('apiTokens', tokenIds),
    names('users', userIds),
  ]);
  const find = (map: Map<string, string>, id: string | null | undefined) =>
    id === null || id === undefined ? null : (map.get(id) ?? null);
  return entries.map((entry) => {
    const cause = causeOf(entry);
    return {
      ...entry,
      triggerName: find(triggers, entry.triggerId ?? text(cause.triggerId)),
      robotName: find(robots, entry.robotId ?? text(cause.robotId)),
      guardName: find(guards, entry.guardId),
      stageName: find(stages, entry.stageId ?? text(entry.data['toStageId'])),
      fromStageName: find(stages, text(entry.data['fromStageId'])),
      authorName: find(tokens, authorOf(entry, 'api')) ?? find(users, authorOf(entry, 'user')),
    };
  });
}
