import { useInfiniteQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { useCan } from '../../../api/session.tsx';
import type { Page, Stage } from '../../../api/types.ts';
import { Loading, ProblemMessage } from '../../../components/status.tsx';
import { useFormat } from '../../../format.ts';
import { UndoRunButton } from '../../shared/undo-run.tsx';
import type { JournalEntry } from '../item-types.ts';
import { describeEntry, learnNames, type SentenceContext } from './describe-entry.ts';
import { ItemRuns, useItemRuns } from './item-runs.tsx';
import { buildChains, type ChainNode } from './journal-chains.ts';

const TONE: Record<string, string> = {
  moved: 'journal-moved',
  move_refused: 'journal-refused',
  trigger_not_matched: 'journal-quiet',
  run_failed: 'journal-failed',
  run_retry_scheduled: 'journal-failed',
  run_succeeded: 'journal-done',
  run_undone: 'journal-moved',
  run_cancelled: 'journal-quiet',
  run_skipped: 'journal-quiet',
  loop_stopped: 'journal-failed',
  event_failed: 'journal-failed',
  approval_decided: 'journal-done',
  approval_escalated: 'journal-failed',
};

/** "Started" says nothing once the same run's outcome is there. */
function withoutFinishedStarts(entries: readonly JournalEntry[]): JournalEntry[] {
  const finished = new Set(
    entries
      .filter((entry) => entry.runId !== null && FINAL_RUN_KINDS.has(entry.kind))
      .map((entry) => entry.runId),
  );
  return entries.filter((entry) => !(entry.kind === 'run_started' && finished.has(entry.runId)));
}

const FINAL_RUN_KINDS = new Set(['run_succeeded', 'run_failed', 'run_skipped', 'run_retry_scheduled']);

/** Internal events (an item created, moved, changed) are context, not news: shown quietly. */
function toneOf(entry: JournalEntry): string {
  const type = entry.data['type'];
  if (entry.kind === 'event_received' && typeof type === 'string' && type.startsWith('item.'))
    return 'journal-quiet';
  return TONE[entry.kind] ?? '';
}

/**
 * The journal explained: every chain of causes as an indented story, newest chain first —
 * the event, the triggers that fired or not (and why), the move, the robots it planned and ran.
 */
export function ItemJournal({ itemId, stages }: { itemId: string; stages: readonly Stage[] }) {
  const { t } = useTranslation('item');
  const format = useFormat();
  const journal = useInfiniteQuery({
    queryKey: ['item', itemId, 'journal'],
    queryFn: ({ pageParam }) =>
      api.get<Page<JournalEntry>>(`/items/${itemId}/journal`, { limit: 200, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const runs = useItemRuns(itemId);
  const runsById = new Map((runs.data?.data ?? []).map((run) => [run.id, run]));
  const names = new Map(stages.map((stage) => [stage.id, stage.name]));
  const entries = withoutFinishedStarts(journal.data?.pages.flatMap((page) => page.data) ?? []);
  const known = learnNames(entries);
  const context: SentenceContext = {
    t,
    stageName: (id) => (typeof id === 'string' ? names.get(id) : undefined),
    dateTime: format.dateTime,
    money: format.money,
    seconds: (value) => format.number(value, { style: 'unit', unit: 'second' }),
    knownName: (id) => (id === null ? undefined : known.get(id)),
    run: (runId) => {
      const run = runId === null ? undefined : runsById.get(runId);
      return run === undefined
        ? undefined
        : { robotName: run.robotName, action: run.action ?? run.actionType };
    },
  };
  const canUndo = useCan('manager');
  // A succeeded run's entry offers its undo (managers and admins, as the API allows).
  const actions = (entry: JournalEntry): ReactNode => {
    const run =
      entry.kind === 'run_succeeded' && entry.runId !== null ? runsById.get(entry.runId) : undefined;
    return canUndo && run !== undefined ? <UndoRunButton run={{ ...run, itemId }} /> : null;
  };
  const chains = buildChains(entries).reverse();
  return (
    <div className="item-journal">
      <ItemRuns itemId={itemId} />
      <h3>{t('journal.title')}</h3>
      {journal.isPending && <Loading />}
      {journal.isError && <ProblemMessage error={journal.error} />}
      {journal.isSuccess && chains.length === 0 && <p className="empty">{t('journal.empty')}</p>}
      <ol className="chains">
        {chains.map((chain) => (
          <li key={chain.key} className="chain">
            <p className="chain-time">{format.dateTime(chain.startedAt)}</p>
            <ChainList
              nodes={chain.roots}
              context={context}
              shownTime={format.dateTime(chain.startedAt)}
              actions={actions}
            />
          </li>
        ))}
      </ol>
      {journal.hasNextPage && (
        <button type="button" onClick={() => void journal.fetchNextPage()} disabled={journal.isFetching}>
          {t('common:actions.more')}
        </button>
      )}
    </div>
  );
}

/** A level of a chain; an entry's time is shown only when it differs from the chain's start. */
function ChainList({
  nodes,
  context,
  shownTime,
  actions,
}: {
  nodes: readonly ChainNode[];
  context: SentenceContext;
  shownTime: string;
  actions: (entry: JournalEntry) => ReactNode;
}) {
  return (
    <ul className="chain-nodes">
      {nodes.map((node) => {
        const time = context.dateTime(node.entry.createdAt);
        return (
          <li key={node.entry.id} className={`journal-entry ${toneOf(node.entry)}`}>
            <p data-kind={node.entry.kind}>
              <span className="journal-sentence">{describeEntry(node.entry, context)}</span>
              {time !== shownTime && (
                <>
                  {' '}
                  <time className="journal-time" dateTime={node.entry.createdAt}>
                    {time}
                  </time>
                </>
              )}{' '}
              {actions(node.entry)}
            </p>
            {node.children.length > 0 && (
              <ChainList nodes={node.children} context={context} shownTime={shownTime} actions={actions} />
            )}
          </li>
        );
      })}
    </ul>
  );
}
