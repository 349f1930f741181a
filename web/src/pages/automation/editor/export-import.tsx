import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, api, errorMessage } from '../../../api/client.ts';
import type { Pipeline } from '../../../api/types.ts';
import { fileSlug } from './file-slug.ts';

/** Downloads the pipeline's whole automation as one JSON document. */
export function ExportButton({ pipeline }: { pipeline: Pipeline }) {
  const { t } = useTranslation('automation');
  const download = useMutation({
    mutationFn: () => api.get<unknown>(`/pipelines/${pipeline.id}/automation`),
    onSuccess: (document) => {
      const blob = new Blob([`${JSON.stringify(document, null, 2)}\n`], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const link = Object.assign(window.document.createElement('a'), {
        href: url,
        download: `${fileSlug(pipeline.name)}-automation.json`,
      });
      link.click();
      URL.revokeObjectURL(url);
    },
  });
  return (
    <>
      <button type="button" onClick={() => download.mutate()} disabled={download.isPending}>
        {t('export')}
      </button>
      {download.isError && (
        <p className="problem" role="alert">
          {errorMessage(download.error)}
        </p>
      )}
    </>
  );
}

/**
 * Imports a document exported here (or written by hand) as a new pipeline. The server checks the
 * whole document before writing anything; each problem is shown with the place it points at.
 */
export function ImportButton() {
  const { t } = useTranslation('automation');
  const input = useRef<HTMLInputElement>(null);
  const navigate = useNavigate();
  const client = useQueryClient();
  const upload = useMutation({
    mutationFn: async (file: File) => {
      let document: unknown;
      try {
        document = JSON.parse(await file.text());
      } catch {
        throw new Error(t('import.notJson', { file: file.name }));
      }
      return api.post<{ pipeline: Pipeline }>('/pipelines/import', document);
    },
    onSuccess: async ({ pipeline }) => {
      await client.invalidateQueries({ queryKey: ['pipelines'] });
      navigate(`/automation/${pipeline.id}`);
    },
  });
  const chosen = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file !== undefined) upload.mutate(file);
  };
  const fields = upload.error instanceof ApiError ? (upload.error.problem.errors ?? []) : [];
  return (
    <>
      <button type="button" onClick={() => input.current?.click()} disabled={upload.isPending}>
        {t('import.button')}
      </button>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        className="visually-hidden"
        tabIndex={-1}
        aria-label={t('import.file')}
        onChange={chosen}
      />
      {upload.isError && (
        <div className="problem import-problem" role="alert">
          <p>{t('import.refused', { reason: errorMessage(upload.error) })}</p>
          {fields.length > 0 && (
            <ul>
              {fields.map((field) => (
                <li key={`${field.field}:${field.message}`}>
                  <code>{field.field}</code> {field.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </>
  );
}
