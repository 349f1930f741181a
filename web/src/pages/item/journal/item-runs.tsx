import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { useCan } from '../../../api/session.tsx';
import type { Page } from '../../../api/types.ts';
import { ProblemMessage } from '../../../components/status.tsx';
import { useFormat } from '../../../format.ts';
import { useNow } from '../../board/use-now.ts';
import type { Run } from '../item-types.ts';

export function useItemRuns(itemId: string) {
  return useQuery({
    queryKey: ['item', itemId, 'runs'],
    queryFn: () => api.get<Page<Run>>('/runs', { itemId, limit: 200 }),
  });
}

/** What the automation is about to do for this item (with a countdown) and what failed. */
export function ItemRuns({ itemId }: { itemId: string }) {
  const { t } = useTranslation('item');
  const runs = useItemRuns(itemId);
  if (runs.isError) return <ProblemMessage error={runs.error} />;
  const all = runs.data?.data ?? [];
  const pending = all.filter((run) => run.status === 'scheduled' || run.status === 'waiting');
  const failed = all.filter((run) => run.status === 'failed');
  if (pending.length === 0 && failed.length === 0) return null;
  return (
    <div className="item-runs">
      {pending.length > 0 && (
        <section aria-labelledby="pending-runs">
          <h3 id="pending-runs">{t('runs.pending')}</h3>
          <ul className="run-list">
            {pending.map((run) => (
              <PendingRun key={run.id} run={run} />
            ))}
          </ul>
        </section>
      )}
      {failed.length > 0 && (
        <section aria-labelledby="failed-runs">
          <h3 id="failed-runs">{t('runs.failed')}</h3>
          <ul className="run-list">
            {failed.map((run) => (
              <FailedRun key={run.id} run={run} itemId={itemId} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function RunName({ run }: { run: Run }) {
  const { t } = useTranslation('item');
  const action = run.action ?? run.actionType;
  return (
    <span className="run-name">
      <strong>{run.robotName ?? t('runs.robot')}</strong>
      {' · '}
      {t(`board:action.${action}`, { defaultValue: action })}
    </span>
  );
}

function PendingRun({ run }: { run: Run }) {
  const { t } = useTranslation('item');
  const format = useFormat();
  const now = useNow();
  const left = run.dueAt === null ? undefined : new Date(run.dueAt).getTime() - now;
  return (
    <li className="run run-pending">
      <RunName run={run} />
      <span className="run-when">
        {run.dueAt === null
          ? t('runs.waiting')
          : t('runs.due', {
              at: format.dateTime(run.dueAt),
              left:
                left !== undefined && left > 0
                  ? t('board:nextRun.in', { duration: format.duration(left) })
                  : t('board:nextRun.dueNow'),
            })}
      </span>
    </li>
  );
}

function FailedRun({ run, itemId }: { run: Run; itemId: string }) {
  const { t } = useTranslation('item');
  const client = useQueryClient();
  const canRetry = useCan('manager');
  const retry = useMutation({
    mutationFn: () => api.post<Run>(`/runs/${run.id}/retry`),
    onSettled: () => client.invalidateQueries({ queryKey: ['item', itemId] }),
  });
  return (
    <li className="run run-failed">
      <RunName run={run} />
      <span className="run-error">
        {t('runs.error', { count: run.attempts, message: run.error?.message ?? run.reason ?? '' })}
        {run.error?.code !== undefined && <code> {run.error.code}</code>}
      </span>
      {canRetry && (
        <button
          type="button"
          onClick={() => retry.mutate()}
          disabled={retry.isPending}
          aria-label={t('runs.retryNamed', { name: run.robotName ?? t('runs.robot') })}
        >
          {t('runs.retry')}
        </button>
      )}
      {retry.isError && <ProblemMessage error={retry.error} />}
    </li>
  );
}
