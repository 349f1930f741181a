import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { Loading, ProblemMessage } from '../../components/status.tsx';
import {
  type DocumentSequence,
  type DocumentTemplate,
  type NumberingRow,
  numberingRows,
  SEQUENCES_KEY,
} from './document-template-types.ts';

/** Each kind's number prefix, as its next documents will be numbered, with a form to change it. */
export function NumberingSection({
  templates,
  canChange,
}: {
  templates: readonly DocumentTemplate[];
  canChange: boolean;
}) {
  const { t } = useTranslation('documents');
  const sequences = useQuery({
    queryKey: SEQUENCES_KEY,
    queryFn: async () => (await api.get<{ data: DocumentSequence[] }>('/document-sequences')).data,
  });
  return (
    <section aria-labelledby="numbering-heading" className="documents-block">
      <h2 id="numbering-heading">{t('numbering.heading')}</h2>
      <p className="muted">{t('numbering.hint')}</p>
      {sequences.isPending ? (
        <Loading />
      ) : sequences.isError ? (
        <ProblemMessage error={sequences.error} />
      ) : (
        <ul className="numbering-list">
          {numberingRows(sequences.data, templates).map((row) => (
            <PrefixRow key={row.kind} row={row} canChange={canChange} />
          ))}
        </ul>
      )}
    </section>
  );
}

function PrefixRow({ row, canChange }: { row: NumberingRow; canChange: boolean }) {
  const { t } = useTranslation('documents');
  const client = useQueryClient();
  const current = row.prefix ?? row.defaultPrefix;
  const [draft, setDraft] = useState(current);
  const save = useMutation({
    mutationFn: (prefix: string) =>
      api.put<DocumentSequence>(`/document-sequences/${encodeURIComponent(row.kind)}`, { prefix }),
    onSuccess: () => client.invalidateQueries({ queryKey: SEQUENCES_KEY }),
  });
  const kindName = t(`kind.${row.kind}`, { defaultValue: row.kind });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(draft.trim());
  };
  const example = `${current}-${new Date().getFullYear()}-…`;
  return (
    <li className="numbering-row">
      <form onSubmit={submit} className="numbering-form">
        <span className="numbering-kind">{kindName}</span>
        {canChange ? (
          <>
            <label>
              <span className="visually-hidden">{t('numbering.prefixOf', { kind: kindName })}</span>
              <input
                value={draft}
                size={10}
                maxLength={20}
                onChange={(event) => {
                  setDraft(event.target.value);
                  save.reset();
                }}
              />
            </label>
            <button type="submit" disabled={save.isPending || draft.trim() === current}>
              {t('numbering.save')}
              <span className="visually-hidden"> {kindName}</span>
            </button>
          </>
        ) : null}
        <span className="muted numbering-example">
          {t('numbering.next', { example })}
          {row.prefix === undefined && ` ${t('numbering.byDefault')}`}
        </span>
        {save.isSuccess && (
          <span role="status" className="muted">
            {t('numbering.saved')}
          </span>
        )}
      </form>
      {save.isError && <ProblemMessage error={save.error} />}
    </li>
  );
}
