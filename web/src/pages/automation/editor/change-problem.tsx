import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../../api/client.ts';

/**
 * Why a change made right on the columns (enable, disable, reorder) did not stick: someone else
 * changed the rule meanwhile (the columns now show it as it is), or the server's own reason.
 */
export function ChangeProblem({ error, onDismiss }: { error: unknown; onDismiss: () => void }) {
  const { t } = useTranslation('automation');
  const stale = error instanceof ApiError && error.problem.code === 'stale_version';
  return (
    <div className="problem change-problem" role="alert">
      <div>
        <p className="change-problem-title">{t('problem.notSaved')}</p>
        <p>{stale ? t('problem.stale') : errorMessage(error)}</p>
      </div>
      <button type="button" className="button-quiet" onClick={onDismiss}>
        {t('common:actions.close')}
      </button>
    </div>
  );
}
