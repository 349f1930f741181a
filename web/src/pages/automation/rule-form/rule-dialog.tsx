import { Dialog } from 'radix-ui';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProblemField } from '../../../api/client.ts';
import { useCan } from '../../../api/session.tsx';
import { ProblemMessage } from '../../../components/status.tsx';
import { unplacedErrors } from './field-errors.ts';
import { saveFailure } from './save-rule.ts';
import type { useRuleEditor } from './use-rule-editor.ts';
import './rule-form.css';

/**
 * The frame every rule dialog shares: a Radix dialog as tall as its content up to the viewport,
 * whose body scrolls between the fixed title and the Save bar, the form's headed sections, and the save answer: field errors go to their fields (those with no place are
 * listed here), a version conflict offers to reload the rule. Non-admins see the rule read-only.
 */
export function RuleDialog(props: {
  onOpenChange(open: boolean): void;
  title: string;
  children: ReactNode;
  /** Sections outside the form's disabled set for non-admins (trying a rule changes nothing). */
  after?: ReactNode;
  /** The rule's editor (useRuleEditor): its submit, save state and reload after a conflict. */
  editor: Pick<ReturnType<typeof useRuleEditor>, 'submit' | 'save' | 'reload' | 'reloading'>;
  /** Pointers the form shows errors for; others are listed with the save problem. */
  placed: readonly string[];
}) {
  const { editor } = props;
  const { t } = useTranslation('ruleForm');
  const canEdit = useCan('admin');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (canEdit) editor.submit();
  };
  return (
    <Dialog.Root open onOpenChange={props.onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog rule-dialog" aria-describedby={undefined}>
          <Dialog.Title className="rule-dialog-title">{props.title}</Dialog.Title>
          <form className="rule-form" onSubmit={submit} noValidate>
            <div className="rule-form-scroll">
              {!canEdit && <p className="muted">{t('readOnly')}</p>}
              <fieldset className="rule-form-body" disabled={!canEdit}>
                <legend className="visually-hidden">{props.title}</legend>
                {props.children}
              </fieldset>
              {props.after}
              <SaveProblem
                error={editor.save.error}
                placed={props.placed}
                onReload={editor.reload}
                reloading={editor.reloading}
              />
            </div>
            <div className="dialog-actions rule-dialog-actions">
              <Dialog.Close asChild>
                <button type="button">{t('common:actions.cancel')}</button>
              </Dialog.Close>
              {canEdit && (
                <button type="submit" className="button-primary" disabled={editor.save.isPending}>
                  {t('common:actions.save')}
                </button>
              )}
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function SaveProblem(props: {
  error: unknown;
  placed: readonly string[];
  onReload?: (() => void) | undefined;
  reloading?: boolean | undefined;
}) {
  const { t } = useTranslation('ruleForm');
  if (props.error === null || props.error === undefined) return null;
  const failure = saveFailure(props.error);
  if (failure.kind === 'conflict') {
    return (
      <div className="problem" role="alert">
        <p>{t('save.conflict')}</p>
        {props.onReload !== undefined && (
          <button type="button" onClick={props.onReload} disabled={props.reloading}>
            {t('save.reload')}
          </button>
        )}
      </div>
    );
  }
  if (failure.kind === 'fields') {
    const rest: ProblemField[] = unplacedErrors(failure.errors, props.placed);
    return (
      <div className="problem" role="alert">
        <p>{t('save.fields', { count: failure.errors.length })}</p>
        {rest.length > 0 && (
          <ul>
            {rest.map((error) => (
              <li key={`${error.field}:${error.message}`}>
                <code>{error.field === '' ? '/' : error.field}</code> {error.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return <ProblemMessage error={props.error} />;
}

/** A headed part of a rule form: What, When, If, Try. */
export function RuleSection(props: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="rule-section" aria-labelledby={`${props.id}-heading`}>
      <h3 id={`${props.id}-heading`}>{props.title}</h3>
      {props.children}
    </section>
  );
}
