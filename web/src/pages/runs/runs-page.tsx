import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan, useTimeZone } from '../../api/session.tsx';
import { Loading, ProblemMessage } from '../../components/status.tsx';
import { useFormat } from '../../format.ts';
import { RunFiltersBar } from './run-filters.tsx';
import { RunTable } from './run-table.tsx';
import type { RetryResult, Run } from './run-types.ts';
import { useRetry, useRunFilters, useRuns } from './use-runs.ts';
import './runs.css';

/** The robots' runs across items: failed ones first, filtered in the address, retried in bulk. */
export default function RunsPage() {
  const { t } = useTranslation('runs');
  const timeZone = useTimeZone();
  const canRetry = useCan('manager');
  const [filters, setFilters] = useRunFilters();
  const runs = useRuns(filters, timeZone);
  const retry = useRetry();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const rows = runs.data?.pages.flatMap((page) => page.data) ?? [];
  const failed = rows.filter((run) => run.status === 'failed');
  const chosen = failed.filter((run) => selected.has(run.id)).map((run) => run.id);
  const select = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const start = (ids: readonly string[]) => retry.mutate(ids, { onSuccess: () => setSelected(new Set()) });
  return (
    <section aria-labelledby="runs-title">
      <div className="page-head">
        <h1 id="runs-title">{t('title')}</h1>
        {canRetry && failed.length > 0 && (
          <div className="bulk-actions">
            <label className="select-all">
              <input
                type="checkbox"
                checked={chosen.length === failed.length}
                onChange={(event) =>
                  setSelected(new Set(event.target.checked ? failed.map((run) => run.id) : []))
                }
              />
              {t('selectAllFailed')}
            </label>
            <button
              type="button"
              className="button-primary"
              disabled={chosen.length === 0 || retry.isPending}
              onClick={() => start(chosen)}
            >
              {chosen.length === 0 ? t('retrySelectedNone') : t('retrySelected', { count: chosen.length })}
            </button>
          </div>
        )}
      </div>
      <RunFiltersBar
        filters={filters}
        onChange={(change) => {
          setSelected(new Set());
          setFilters(change);
        }}
      />
      {retry.isError && <ProblemMessage error={retry.error} />}
      {retry.data !== undefined && <RetryOutcome result={retry.data} runs={rows} />}
      {runs.isPending ? (
        <Loading />
      ) : runs.isError ? (
        <ProblemMessage error={runs.error} />
      ) : rows.length === 0 ? (
        <p className="empty">{t('none')}</p>
      ) : (
        <>
          <RunTable
            runs={rows}
            canRetry={canRetry}
            selected={selected}
            onSelect={select}
            onRetry={(id) => start([id])}
            retrying={retry.isPending}
          />
          {runs.hasNextPage && (
            <button
              type="button"
              className="show-more"
              disabled={runs.isFetchingNextPage}
              onClick={() => void runs.fetchNextPage()}
            >
              {t('showMore')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** What a retry did: how many runs are scheduled again, and each refusal with its reason. */
function RetryOutcome({ result, runs }: { result: RetryResult; runs: readonly Run[] }) {
  const { t } = useTranslation('runs');
  const format = useFormat();
  const nameOf = (id: string) => runs.find((run) => run.id === id)?.robotName ?? id;
  return (
    <div className="retry-outcome panel" role="status">
      {result.retried.length > 0 && (
        <p>
          {t('retried', { count: result.retried.length, formatted: format.number(result.retried.length) })}
        </p>
      )}
      {result.refused.length > 0 && (
        <>
          <p>
            {t('refused', { count: result.refused.length, formatted: format.number(result.refused.length) })}
          </p>
          <ul>
            {result.refused.map((refusal) => (
              <li key={refusal.id}>
                <strong>{nameOf(refusal.id)}</strong>: {refusal.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
