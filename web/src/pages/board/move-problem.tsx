import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client.ts';

/**
 * Why a card went back to its column, read aloud: a guard's own message, or that someone else
 * changed the item in the meantime.
 */
export function MoveProblem({ error, onDismiss }: { error: unknown; onDismiss: () => void }) {
  const { t } = useTranslation('board');
  const code = error instanceof ApiError ? error.problem.code : undefined;
  const title =
    code === 'guard_refused'
      ? t('move.refused')
      : code === 'stale_version'
        ? t('move.conflict')
        : t('move.failed');
  return (
    <div className="problem move-problem" role="alert">
      <div>
        <p className="move-problem-title">{title}</p>
        {code !== 'stale_version' && <p data-testid="move-problem-detail">{errorMessage(error)}</p>}
      </div>
      <button type="button" className="button-quiet" onClick={onDismiss}>
        {t('common:actions.close')}
      </button>
    </div>
  );
}
