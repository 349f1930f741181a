import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { ProblemMessage } from '../../components/status.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import {
  type DocumentTemplate,
  SHIPPED_KINDS,
  TEMPLATE_LANGUAGES,
  TEMPLATES_KEY,
} from './document-template-types.ts';

interface Draft {
  kind: string;
  name: string;
  language: string;
  body: string;
  isDefault: boolean;
}

interface TemplateEditorProps {
  /** The template to change; undefined makes a new one. */
  readonly template: DocumentTemplate | undefined;
  readonly onSaved: (template: DocumentTemplate) => void;
  readonly onCancel: () => void;
}

const shipped = (kind: string, language: string) =>
  api.get<{ body: string }>('/document-templates/shipped', { kind, language });

/**
 * Writes a template: kind, language, name, the Liquid body and whether it is the kind's default.
 * A new one starts from the shipped template of its kind and language. The server tries the body
 * on a sample document before it stores it, so a body that does not render is refused with why.
 */
export function TemplateEditor({ template, onSaved, onCancel }: TemplateEditorProps) {
  const { t } = useTranslation('documents');
  const client = useQueryClient();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [draft, setDraft] = useState<Draft>(() =>
    template === undefined
      ? { kind: 'invoice', name: '', language: currentLanguage(), body: '', isDefault: false }
      : {
          kind: template.kind,
          name: template.name,
          language: template.language,
          body: template.body,
          isDefault: template.isDefault,
        },
  );
  const change = (changes: Partial<Draft>) => setDraft((current) => ({ ...current, ...changes }));
  const startFrom = useMutation({
    mutationFn: () => shipped(draft.kind, draft.language),
    onSuccess: ({ body }) => change({ body }),
  });
  // The editor opens where the eye and the keyboard are: on its heading; a new template starts
  // from the shipped one.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the editor opens
  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'start' });
    heading.current?.focus();
    if (template === undefined) startFrom.mutate();
  }, []);
  const save = useMutation({
    mutationFn: (body: Draft) =>
      template === undefined
        ? api.post<DocumentTemplate>('/document-templates', body)
        : api.patch<DocumentTemplate>(`/document-templates/${template.id}`, {
            ...body,
            version: template.version,
          }),
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: TEMPLATES_KEY });
      onSaved(saved);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ ...draft, kind: draft.kind.trim(), name: draft.name.trim() });
  };
  return (
    <form className="panel template-editor" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} ref={heading} tabIndex={-1}>
        {template === undefined ? t('editor.newHeading') : t('editor.editHeading', { name: template.name })}
      </h3>
      <div className="template-fields">
        <datalist id={`${id}-kinds`}>
          {SHIPPED_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`kind.${kind}`)}
            </option>
          ))}
        </datalist>
        <label>
          <span>{t('editor.kind')}</span>
          <input
            value={draft.kind}
            list={`${id}-kinds`}
            required
            pattern="[a-z][a-z0-9_]{0,39}"
            title={t('editor.kindHint')}
            onChange={(event) => change({ kind: event.target.value })}
          />
        </label>
        <label>
          <span>{t('editor.language')}</span>
          <select value={draft.language} onChange={(event) => change({ language: event.target.value })}>
            {TEMPLATE_LANGUAGES.map((language) => (
              <option key={language} value={language}>
                {t(`language.${language}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="template-name-field">
          <span>{t('editor.name')}</span>
          <input
            value={draft.name}
            required
            maxLength={200}
            onChange={(event) => change({ name: event.target.value })}
          />
        </label>
      </div>
      <label className="template-default">
        <input
          type="checkbox"
          checked={draft.isDefault}
          onChange={(event) => change({ isDefault: event.target.checked })}
        />
        <span>{t('editor.isDefault')}</span>
      </label>
      <label>
        <span>{t('editor.body')}</span>
        <textarea
          className="template-body"
          value={draft.body}
          required
          rows={16}
          spellCheck={false}
          aria-describedby={`${id}-facts`}
          onChange={(event) => change({ body: event.target.value })}
        />
      </label>
      <p id={`${id}-facts`} className="muted template-facts">
        {t('editor.facts')} <code>{'{{ amount | money: currency }}'}</code>
      </p>
      <p className="muted">{t('editor.noPreview')}</p>
      {startFrom.isError && <ProblemMessage error={startFrom.error} />}
      {save.isError && <ProblemMessage error={save.error} />}
      <div className="template-editor-actions">
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {t('editor.save')}
        </button>
        <button type="button" disabled={startFrom.isPending} onClick={() => startFrom.mutate()}>
          {t('editor.startFromShipped')}
        </button>
        <button type="button" className="button-quiet" onClick={onCancel}>
          {t('editor.cancel')}
        </button>
      </div>
    </form>
  );
}
