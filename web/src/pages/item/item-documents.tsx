import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { API_BASE, api } from '../../api/client.ts';
import { useCan } from '../../api/session.tsx';
import { ProblemMessage } from '../../components/status.tsx';
import type { ItemDocument } from './item-types.ts';

const KINDS = ['quote', 'invoice', 'contract', 'act'] as const;

/** The wording of new documents follows the language of the page. */
const documentLanguage = (language: string): 'en' | 'ru' => (language.startsWith('ru') ? 'ru' : 'en');

function useCreateDocument(itemId: string) {
  const client = useQueryClient();
  const { i18n } = useTranslation();
  return useMutation({
    mutationFn: (body: { kind: string; fromKind?: string }) =>
      api.post<ItemDocument>(`/items/${itemId}/documents`, {
        ...body,
        language: documentLanguage(i18n.language),
      }),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['item', itemId, 'documents'] }),
        client.invalidateQueries({ queryKey: ['item', itemId, 'timeline'] }),
      ]),
  });
}

/** "Create document": a kind and a button, for those who may write. */
export function CreateDocument({ itemId }: { itemId: string }) {
  const { t } = useTranslation('item');
  const canWrite = useCan('manager');
  const [kind, setKind] = useState<string>('invoice');
  const create = useCreateDocument(itemId);
  if (!canWrite) return null;
  return (
    <div className="create-document">
      <label>
        <span className="muted">{t('documents.kind')}</span>{' '}
        <select value={kind} onChange={(event) => setKind(event.target.value)}>
          {KINDS.map((each) => (
            <option key={each} value={each}>
              {t(`documentKind.${each}`)}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="button" disabled={create.isPending} onClick={() => create.mutate({ kind })}>
        {t('documents.create')}
      </button>{' '}
      <Link to="/documents/templates">{t('documents.templates')}</Link>
      {create.isError && <ProblemMessage error={create.error} />}
    </div>
  );
}

/** A document's PDF link and, on a quote, "Invoice from quote". */
export function DocumentActions({ itemId, document }: { itemId: string; document: ItemDocument }) {
  const { t } = useTranslation('item');
  const canWrite = useCan('manager');
  const create = useCreateDocument(itemId);
  return (
    <>
      <a href={`${API_BASE}/documents/${document.id}/pdf`} target="_blank" rel="noreferrer">
        {t('documents.pdf')}
      </a>
      {canWrite && document.kind === 'quote' && (
        <button
          type="button"
          disabled={create.isPending}
          onClick={() => create.mutate({ kind: 'invoice', fromKind: 'quote' })}
        >
          {t('documents.invoiceFromQuote')}
        </button>
      )}
      {create.isError && <ProblemMessage error={create.error} />}
    </>
  );
}
