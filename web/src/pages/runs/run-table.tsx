import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format.ts';
import { ItemLink } from '../shared/item-link.tsx';
import { UndoRunButton } from '../shared/undo-run.tsx';
import { runReasonText } from './run-reason.ts';
import { type Run, STATUS_LOOK } from './run-types.ts';

export function RunStatusPill({ status }: { status: Run['status'] }) {
  const { t } = useTranslation('runs');
  return <span className={`pill ${STATUS_LOOK[status].pill}`}>{t(`status.${status}`)}</span>;
}

/** The action as people say it ("Send a webhook"); an unknown type shows as it is. */
export function useActionName() {
  const { t } = useTranslation('runs');
  return (run: Run) => t(`actions.${run.actionType}`, { defaultValue: run.action ?? run.actionType });
}

interface RunTableProps {
  readonly runs: readonly Run[];
  readonly canRetry: boolean;
  readonly selected: ReadonlySet<string>;
  readonly onSelect: (id: string, on: boolean) => void;
  readonly onRetry: (id: string) => void;
  readonly retrying: boolean;
}

/** One row per run; at phone width each row becomes a card (see runs.css). */
export function RunTable({ runs, canRetry, selected, onSelect, onRetry, retrying }: RunTableProps) {
  const { t } = useTranslation('runs');
  return (
    <div className="table-wrap runs-table">
      <table className="data">
        <caption className="visually-hidden">{t('table.caption')}</caption>
        <thead>
          <tr>
            {canRetry && (
              <th scope="col">
                <span className="visually-hidden">{t('table.select')}</span>
              </th>
            )}
            <th scope="col">{t('table.robot')}</th>
            <th scope="col">{t('table.item')}</th>
            <th scope="col">{t('table.status')}</th>
            <th scope="col">{t('table.time')}</th>
            <th scope="col">{t('table.attempts')}</th>
            {canRetry && (
              <th scope="col">
                <span className="visually-hidden">{t('table.actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <RunRow
              key={run.id}
              run={run}
              canRetry={canRetry}
              selected={selected.has(run.id)}
              onSelect={onSelect}
              onRetry={onRetry}
              retrying={retrying}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RunRow({
  run,
  canRetry,
  selected,
  onSelect,
  onRetry,
  retrying,
}: Omit<RunTableProps, 'runs' | 'selected'> & { run: Run; selected: boolean }) {
  const { t } = useTranslation('runs');
  const { t: tItem } = useTranslation('item');
  const format = useFormat();
  const actionName = useActionName();
  const robot = run.robotName ?? t('table.unnamedRobot');
  const failed = run.status === 'failed';
  const finished = run.finishedAt !== null;
  const time = run.finishedAt ?? run.dueAt;
  const columns = canRetry ? 7 : 5;
  return (
    <>
      <tr className={failed ? 'run-failed' : undefined}>
        {canRetry && (
          <td className="cell-select">
            {failed && (
              <input
                type="checkbox"
                checked={selected}
                aria-label={t('table.selectRun', { robot })}
                onChange={(event) => onSelect(run.id, event.target.checked)}
              />
            )}
          </td>
        )}
        <td className="cell-robot">
          <strong>{robot}</strong>
          <span className="muted">{actionName(run)}</span>
        </td>
        <td data-label={t('table.item')}>
          <ItemLink itemId={run.itemId} title={run.itemTitle} />
          {run.stageName != null && <span className="muted stage-name">{run.stageName}</span>}
        </td>
        <td data-label={t('table.status')}>
          <RunStatusPill status={run.status} />
          {run.reason !== null && (
            <span className="muted run-reason">{runReasonText(run.reason, t, tItem)}</span>
          )}
        </td>
        <td data-label={finished ? t('table.finished') : t('table.due')} className="cell-time">
          {time === null ? (
            <span className="muted">{t('table.noTime')}</span>
          ) : (
            <>
              <time dateTime={time}>{format.dateTime(time)}</time>
              <span className="muted time-kind">{finished ? t('table.finished') : t('table.due')}</span>
            </>
          )}
        </td>
        <td data-label={t('table.attempts')}>
          {t('table.attemptsOf', {
            attempts: format.number(run.attempts),
            max: format.number(run.maxAttempts),
          })}
        </td>
        {canRetry && (
          <td className="cell-actions">
            {failed && (
              <button
                type="button"
                disabled={retrying}
                onClick={() => onRetry(run.id)}
                aria-label={t('retryOne', { robot })}
              >
                {t('retry')}
              </button>
            )}
            <UndoRunButton run={run} />
          </td>
        )}
      </tr>
      {run.error !== null && (
        <tr className="run-error-row">
          <td colSpan={columns} className="cell-error">
            <details>
              <summary className="error-summary">
                {t('table.error')}: {run.error.message}
              </summary>
              <dl>
                <dt>{t('table.errorCode')}</dt>
                <dd>
                  <code>{run.error.code}</code>
                </dd>
                {(run.error.causes ?? []).map((cause, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: causes are a fixed chain, never reordered
                  <dd key={index}>{cause.message}</dd>
                ))}
              </dl>
            </details>
          </td>
        </tr>
      )}
    </>
  );
}
