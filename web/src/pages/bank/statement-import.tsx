import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { ProblemMessage } from '../../components/status.tsx';
import { type BankStatementSummary, WAITING_KEY } from './bank-types.ts';
import { summarySentences } from './bank-words.ts';

/**
 * The statement upload: the file's bytes go to the server unchanged (banks write Windows-1251,
 * which the server decodes), and the answer is told in words, or the server's problem — which
 * names the line of a broken file — in an alert.
 */
export function StatementImport() {
  const { t } = useTranslation('bank');
  const client = useQueryClient();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [missing, setMissing] = useState(false);
  const upload = useMutation({
    mutationFn: (file: File) => api.postFile<BankStatementSummary>('/bank-statements', file),
    onSuccess: () => client.invalidateQueries({ queryKey: WAITING_KEY }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const file = input.current?.files?.[0];
    setMissing(file === undefined);
    if (file !== undefined) upload.mutate(file);
  };
  return (
    <form className="bank-import" onSubmit={submit} aria-labelledby={`${inputId}-heading`}>
      <h2 id={`${inputId}-heading`}>{t('import.heading')}</h2>
      <div className="bank-import-row">
        <label htmlFor={inputId}>{t('import.file')}</label>
        <input
          id={inputId}
          ref={input}
          type="file"
          accept=".txt,text/plain,application/octet-stream"
          onChange={() => {
            setMissing(false);
            upload.reset();
          }}
        />
        <button type="submit" className="button-primary" disabled={upload.isPending}>
          {upload.isPending ? t('import.busy') : t('import.submit')}
        </button>
      </div>
      {missing && (
        <p className="problem" role="alert">
          {t('import.chooseFirst')}
        </p>
      )}
      {upload.isError && <ProblemMessage error={upload.error} />}
      <div role="status" className="bank-summary">
        {upload.isSuccess &&
          summarySentences(upload.data).map((sentence) => (
            <p key={sentence.key}>{t(sentence.key, sentence.values)}</p>
          ))}
      </div>
    </form>
  );
}
