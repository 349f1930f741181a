import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client.ts';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('loading')}
    </p>
  );
}

/** An error as the user reads it: the problem document's detail, with the fields it names. */
export function ProblemMessage({ error }: { error: unknown }) {
  const fields = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  return (
    <div className="problem" role="alert">
      <p>{errorMessage(error)}</p>
      {fields.length > 1 && (
        <ul>
          {fields.map((field) => (
            <li key={field.field}>
              <code>{field.field}</code> {field.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
