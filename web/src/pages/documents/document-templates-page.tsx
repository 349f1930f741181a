import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useCan } from '../../api/session.tsx';
import { Loading, ProblemMessage } from '../../components/status.tsx';
import { type DocumentTemplate, sortTemplates, TEMPLATES_KEY } from './document-template-types.ts';
import { NumberingSection } from './numbering-section.tsx';
import { TemplateEditor } from './template-editor.tsx';
import { TemplateList } from './template-list.tsx';
import './documents.css';

/** What the editor holds: a new template, or a stored one by id. */
type Editing = { readonly mode: 'new' } | { readonly mode: 'edit'; readonly id: string };

/**
 * Document settings: the templates documents are written with (by kind and language, and which
 * is the default) and the number prefix of each kind. Managers change them; viewers read them.
 */
export default function DocumentTemplatesPage() {
  const { t } = useTranslation('documents');
  const canChange = useCan('manager');
  const [editing, setEditing] = useState<Editing | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const templates = useQuery({
    queryKey: TEMPLATES_KEY,
    queryFn: async () =>
      sortTemplates((await api.get<{ data: DocumentTemplate[] }>('/document-templates')).data),
  });
  const edited =
    editing?.mode === 'edit' ? templates.data?.find((template) => template.id === editing.id) : undefined;
  const finish = (message: string | undefined) => {
    setEditing(undefined);
    setDone(message);
  };
  return (
    <section aria-labelledby="documents-title" className="documents-page">
      <div className="page-head">
        <h1 id="documents-title">{t('title')}</h1>
      </div>
      <p className="muted documents-intro">{t('intro')}</p>
      {!canChange && (
        <p className="pill pill-warning read-only" role="note">
          {t('readOnly')}
        </p>
      )}
      <section aria-labelledby="templates-heading" className="documents-block">
        <div className="documents-block-head">
          <h2 id="templates-heading">{t('templates.heading')}</h2>
          {canChange && editing?.mode !== 'new' && (
            <button
              type="button"
              className="button-primary"
              onClick={() => {
                setDone(undefined);
                setEditing({ mode: 'new' });
              }}
            >
              {t('templates.new')}
            </button>
          )}
        </div>
        <p className="muted">{t('templates.hint')}</p>
        <p className="documents-done" role="status">
          {done}
        </p>
        {templates.isPending ? (
          <Loading />
        ) : templates.isError ? (
          <ProblemMessage error={templates.error} />
        ) : (
          <TemplateList
            templates={templates.data}
            onEdit={
              canChange
                ? (template) => {
                    setDone(undefined);
                    setEditing({ mode: 'edit', id: template.id });
                  }
                : undefined
            }
            onDeleted={(template) => finish(t('templates.deleted', { name: template.name }))}
          />
        )}
        {canChange && (editing?.mode === 'new' || edited !== undefined) && (
          <TemplateEditor
            key={edited?.id ?? 'new'}
            template={edited}
            onSaved={(template) => finish(t('editor.saved', { name: template.name }))}
            onCancel={() => finish(undefined)}
          />
        )}
      </section>
      <NumberingSection templates={templates.data ?? []} canChange={canChange} />
    </section>
  );
}
