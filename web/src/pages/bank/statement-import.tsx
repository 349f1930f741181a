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
  const [fileName, setFileName] = useState<string | undefined>();
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
        <span className="file-pick-name" id={`${inputId}-name`}>
          {t('import.file')}
        </span>
        {/* The browser's own file button speaks the browser's language, not the page's: it is
            hidden, and this label, which opens the same picker, shows the UI's words instead. */}
        <input
          id={inputId}
          ref={input}
          type="file"
          className="file-pick-input"
          aria-labelledby={`${inputId}-name`}
          accept=".txt,text/plain,application/octet-stream"
          onChange={(event) => {
            setMissing(false);
            setFileName(event.target.files?.[0]?.name);
            upload.reset();
          }}
        />
        <label htmlFor={inputId} className="file-pick">
          <span className="file-pick-button">{t('import.choose')}</span>
          <span className="file-pick-chosen">{fileName ?? t('import.noFile')}</span>
        </label>
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
