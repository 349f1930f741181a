import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { ProblemMessage } from '../../components/status.tsx';
import { type DocumentTemplate, robotsInTheWay, TEMPLATES_KEY } from './document-template-types.ts';

interface TemplateListProps {
  readonly templates: readonly DocumentTemplate[];
  /** Opens a template in the editor; without it the list is read-only. */
  readonly onEdit: ((template: DocumentTemplate) => void) | undefined;
  readonly onDeleted: (template: DocumentTemplate) => void;
}

/** The stored templates by kind and language, with edit and a confirmed delete. */
export function TemplateList({ templates, onEdit, onDeleted }: TemplateListProps) {
  const { t } = useTranslation('documents');
  const client = useQueryClient();
  const [confirming, setConfirming] = useState<string | undefined>();
  const remove = useMutation({
    mutationFn: (template: DocumentTemplate) => api.delete(`/document-templates/${template.id}`),
    onSuccess: (_, template) => onDeleted(template),
    // Refused or done, the question has been answered.
    onSettled: () => {
      setConfirming(undefined);
      return client.invalidateQueries({ queryKey: TEMPLATES_KEY });
    },
  });
  if (templates.length === 0) return <p className="empty">{t('templates.empty')}</p>;
  const robots = robotsInTheWay(remove.error);
  return (
    <>
      {remove.isError &&
        (robots === undefined ? (
          <ProblemMessage error={remove.error} />
        ) : (
          <div className="problem" role="alert">
            <p>
              {t('templates.inUse', {
                name: remove.variables?.name,
                robots: robots.map((name) => `«${name}»`).join(', '),
                count: robots.length,
              })}
            </p>
          </div>
        ))}
      <div className="table-wrap template-table-wrap">
        <table className="data template-table">
          <caption className="visually-hidden">{t('templates.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('templates.kindAndLanguage')}</th>
              <th scope="col">{t('templates.name')}</th>
              {onEdit !== undefined && (
                <th scope="col">
                  <span className="visually-hidden">{t('templates.actions')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {templates.map((template) => (
              <tr key={template.id}>
                <td>
                  <span className="template-kind">
                    {t(`kind.${template.kind}`, { defaultValue: template.kind })}
                  </span>{' '}
                  <span className="muted">
                    {t(`language.${template.language}`, { defaultValue: template.language })}
                  </span>
                </td>
                <td className="template-name">
                  {template.name}{' '}
                  {template.isDefault && <span className="pill pill-accent">{t('templates.isDefault')}</span>}
                </td>
                {onEdit !== undefined && (
                  <td>
                    <div className="template-actions">
                      {confirming === template.id ? (
                        <>
                          <span>{t('templates.confirm', { name: template.name })}</span>
                          <button
                            type="button"
                            className="button-danger"
                            disabled={remove.isPending}
                            onClick={() => remove.mutate(template)}
                          >
                            {t('templates.confirmDelete')}
                          </button>
                          <button type="button" onClick={() => setConfirming(undefined)}>
                            {t('templates.keep')}
                          </button>
                        </>
                      ) : (
                        <>
                          <button
                            type="button"
                            aria-label={t('templates.editOne', { name: template.name })}
                            onClick={() => onEdit(template)}
                          >
                            {t('templates.edit')}
                          </button>
                          <button
                            type="button"
                            className="button-danger"
                            aria-label={t('templates.deleteOne', { name: template.name })}
                            onClick={() => {
                              remove.reset();
                              setConfirming(template.id);
                            }}
                          >
                            {t('templates.delete')}
                          </button>
                        </>
                      )}
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
