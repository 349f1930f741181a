import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { ProblemMessage } from '../../../components/status.tsx';
import type { TemplatePreview as Preview, TemplatePreviewRequest } from '../automation-types.ts';
import { useRuleFormContext } from './rule-data.ts';

/** The value after typing has paused for `delay` ms. */
export function useDebounced<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/**
 * The template rendered by the server on the sample item as it is typed (after a pause), or the
 * error with its line. Nothing is asked without a sample item.
 */
export function TemplatePreview(props: { id: string; name: string; source: string; itemId: string | null }) {
  const { t } = useTranslation('ruleForm');
  const context = useRuleFormContext();
  const source = useDebounced(props.source, 400);
  const body: TemplatePreviewRequest | undefined =
    props.itemId === null
      ? undefined
      : {
          itemId: props.itemId,
          templates: { [props.name]: source },
          ...(props.name === 'html' && { html: [props.name] }),
          ...(context?.event !== undefined && { event: context.event }),
          ...(context?.work !== undefined && { timing: context.timing }),
        };
  const preview = useQuery({
    queryKey: ['templatePreview', body],
    queryFn: () => api.post<Preview>('/templates/preview', body),
    enabled: body !== undefined && source !== '',
    retry: false,
    placeholderData: (previous) => previous,
  });
  if (props.itemId === null) {
    return (
      <p id={props.id} className="template-preview muted">
        {t('template.pickItem')}
      </p>
    );
  }
  if (source === '') return <div id={props.id} className="template-preview" aria-live="polite" />;
  const result = preview.data?.results[props.name];
  return (
    <div id={props.id} className="template-preview" aria-live="polite">
      <span className="template-preview-label">{t('template.preview')}</span>
      {preview.isError && <ProblemMessage error={preview.error} />}
      {result !== undefined && 'text' in result && (
        <pre className="template-preview-text">
          {result.text === '' ? t('template.emptyText') : result.text}
        </pre>
      )}
      {result !== undefined && 'error' in result && (
        <p className="field-error">
          {typeof result.error.line === 'number'
            ? t('template.errorAt', { line: result.error.line, message: result.error.message })
            : result.error.message}
        </p>
      )}
    </div>
  );
}
