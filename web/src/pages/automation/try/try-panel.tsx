import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, errorMessage } from '../../../api/client.ts';
import type { DryRunRequest, DryRunResult } from '../dry-run-types.ts';
import { DryRunReport } from './dry-run-report.tsx';
import { useTraceWords } from './use-trace-words.ts';
import './try.css';

/** A refused draft: the problem's detail and every field message (the form shows them at fields too). */
function DraftProblem({ error }: { error: unknown }) {
  const { t } = useTranslation('tryRule');
  const fields = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  return (
    <div className="problem" role="alert">
      <p>
        {error instanceof ApiError && error.status === 400 ? t('panel.draftRefused') : errorMessage(error)}
      </p>
      {fields.length > 0 && (
        <ul>
          {fields.map((field) => (
            <li key={`${field.field}:${field.message}`}>
              {field.message} <code className="muted">{field.field}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * "Try on this item": sends the rule as the form holds it to POST /dry-run and tells what would
 * happen to the chosen item, without changing anything.
 */
export function TryPanel({
  itemId,
  request,
}: {
  itemId: string | null;
  request(): DryRunRequest | undefined;
}) {
  const { t } = useTranslation('tryRule');
  const hintId = useId();
  const words = useTraceWords(itemId);
  const [incompleteFor, setIncompleteFor] = useState<string | null>(null);
  const trial = useMutation({
    mutationFn: (body: DryRunRequest) => api.post<DryRunResult>('/dry-run', body),
  });
  // A report about another item would mislead: only the chosen item's answer is shown.
  const current = itemId !== null && trial.variables?.itemId === itemId;
  const run = () => {
    const body = request();
    setIncompleteFor(body === undefined ? itemId : null);
    if (body === undefined) trial.reset();
    else trial.mutate(body);
  };
  return (
    <div className="try-panel">
      <div className="try-action">
        <button
          type="button"
          className="button-primary"
          disabled={itemId === null || trial.isPending}
          aria-describedby={itemId === null ? hintId : undefined}
          onClick={run}
        >
          {t('panel.try')}
        </button>
        {itemId === null && (
          <span id={hintId} className="muted">
            {t('panel.noItem')}
          </span>
        )}
        {trial.isPending && (
          <span className="muted" role="status">
            {t('panel.trying')}
          </span>
        )}
      </div>
      {incompleteFor !== null && incompleteFor === itemId && (
        <p className="problem" role="alert">
          {t('panel.incomplete')}
        </p>
      )}
      {current && trial.isError && <DraftProblem error={trial.error} />}
      {current && trial.data !== undefined && <DryRunReport result={trial.data} words={words} />}
    </div>
  );
}
