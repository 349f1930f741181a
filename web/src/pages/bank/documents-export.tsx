import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type DownloadedFile } from '../../api/client.ts';
import { ProblemMessage } from '../../components/status.tsx';

const FORMATS = ['1c', 'csv'] as const;
type Format = (typeof FORMATS)[number];
/** What the export takes: every posted document and payment, or one kind of them. */
const KINDS = ['', 'invoice', 'act', 'payment'] as const;

/** Hands a downloaded file to the browser, which saves it under the server's name. */
function save(file: DownloadedFile): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the bytes once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * Export for accounting: posted documents and recorded payments of a period as a 1C exchange file
 * (Windows-1251) or CSV for Excel (UTF-8 with a byte order mark), through the public API.
 */
export function DocumentsExport() {
  const { t } = useTranslation('bank');
  const id = useId();
  const [format, setFormat] = useState<Format>('1c');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [kind, setKind] = useState<(typeof KINDS)[number]>('');
  const exported = useMutation({
    mutationFn: () =>
      api.download('/documents/export', {
        format,
        from,
        to,
        kind,
        // Excel reads a CSV as UTF-8 only when it starts with the byte order mark.
        bom: format === 'csv' ? true : undefined,
      }),
    onSuccess: save,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    exported.mutate();
  };
  return (
    <form className="bank-export" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('export.heading')}</h2>
      <p className="muted">{t('export.intro')}</p>
      <div className="bank-export-row">
        <label>
          {t('export.format')}
          <select value={format} onChange={(event) => setFormat(event.target.value as Format)}>
            {FORMATS.map((value) => (
              <option key={value} value={value}>
                {t(`export.formats.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('export.kind')}
          <select value={kind} onChange={(event) => setKind(event.target.value as (typeof KINDS)[number])}>
            {KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`export.kinds.${value === '' ? 'all' : value}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('export.from')}
          <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
        </label>
        <label>
          {t('export.to')}
          <input type="date" value={to} onChange={(event) => setTo(event.target.value)} />
        </label>
        <button type="submit" className="button-primary" disabled={exported.isPending}>
          {exported.isPending ? t('export.busy') : t('export.submit')}
        </button>
      </div>
      {exported.isError && <ProblemMessage error={exported.error} />}
      <p role="status" className="bank-export-done">
        {exported.isSuccess ? t('export.done', { name: exported.data.fileName }) : ''}
      </p>
    </form>
  );
}
