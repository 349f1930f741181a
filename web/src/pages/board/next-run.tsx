import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format.ts';
import type { NextRun } from './board-types.ts';

/**
 * What the automation will do next for an item: "in 2d 4h: notify the supervisor". `now` is the
 * server's present (the caller refreshes it every minute, so the countdown stays true).
 */
export function NextRunLine({ run, now, more }: { run: NextRun; now: number; more: number }) {
  const { t } = useTranslation('board');
  const format = useFormat();
  const action = t(`action.${run.action}`, { defaultValue: run.action });
  const due = run.dueAt === null ? undefined : new Date(run.dueAt).getTime() - now;
  const when =
    due === undefined
      ? t('nextRun.waiting')
      : due <= 0
        ? t('nextRun.dueNow')
        : t('nextRun.in', { duration: format.duration(due) });
  return (
    <p className="next-run" title={run.dueAt === null ? undefined : format.dateTime(run.dueAt)}>
      <svg className="next-run-icon" viewBox="0 0 24 24" width="14" height="14" aria-hidden="true">
        <circle cx="12" cy="13" r="8" fill="none" stroke="currentColor" strokeWidth="2" />
        <path
          d="M12 9v4l2.5 2.5M9 2h6"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
        />
      </svg>
      <span>
        <span className="next-run-when">{when}</span>
        {': '}
        {action}
        <span className="next-run-robot"> · {run.robotName}</span>
        {more > 0 && <span className="next-run-more"> {t('nextRun.more', { count: more })}</span>}
      </span>
    </p>
  );
}
