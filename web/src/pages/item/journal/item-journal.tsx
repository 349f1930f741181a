import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import type { Page, Stage } from '../../../api/types.ts';
import { Loading, ProblemMessage } from '../../../components/status.tsx';
import { useFormat } from '../../../format.ts';
import type { JournalEntry } from '../item-types.ts';
import { describeEntry, type SentenceContext } from './describe-entry.ts';
import { ItemRuns } from './item-runs.tsx';
import { buildChains, type ChainNode } from './journal-chains.ts';

const TONE: Record<string, string> = {
  moved: 'journal-moved',
  move_refused: 'journal-refused',
  trigger_not_matched: 'journal-quiet',
  run_failed: 'journal-failed',
  run_retry_scheduled: 'journal-failed',
  run_succeeded: 'journal-done',
  run_cancelled: 'journal-quiet',
  run_skipped: 'journal-quiet',
  loop_stopped: 'journal-failed',
  event_failed: 'journal-failed',
};

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
  const names = new Map(stages.map((stage) => [stage.id, stage.name]));
  const context: SentenceContext = {
    t,
    stageName: (id) => (typeof id === 'string' ? names.get(id) : undefined),
    dateTime: format.dateTime,
    money: format.money,
  };
  const entries = journal.data?.pages.flatMap((page) => page.data) ?? [];
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
            <ChainList nodes={chain.roots} context={context} />
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

function ChainList({ nodes, context }: { nodes: readonly ChainNode[]; context: SentenceContext }) {
  return (
    <ul className="chain-nodes">
      {nodes.map((node) => (
        <li key={node.entry.id} className={`journal-entry ${TONE[node.entry.kind] ?? ''}`}>
          <p data-kind={node.entry.kind}>
            <span className="journal-sentence">{describeEntry(node.entry, context)}</span>{' '}
            <time className="journal-time" dateTime={node.entry.createdAt}>
              {context.dateTime(node.entry.createdAt)}
            </time>
          </p>
          {node.children.length > 0 && <ChainList nodes={node.children} context={context} />}
        </li>
      ))}
    </ul>
  );
}
