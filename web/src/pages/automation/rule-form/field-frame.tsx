import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** What a control needs to be tied to its label, its help and its errors. */
export interface ControlProps {
  readonly id: string;
  readonly 'aria-invalid'?: true;
  readonly 'aria-describedby'?: string;
  readonly 'aria-required'?: true;
}

export function describedBy(id: string, hasHelp: boolean, hasErrors: boolean): string | undefined {
  const ids = [hasHelp && `${id}-help`, hasErrors && `${id}-error`].filter(Boolean);
  return ids.length === 0 ? undefined : ids.join(' ');
}

export function controlProps(
  id: string,
  help: string | undefined,
  errors: readonly string[],
  required = false,
): ControlProps {
  const description = describedBy(id, help !== undefined, errors.length > 0);
  return {
    id,
    ...(required && { 'aria-required': true as const }),
    ...(errors.length > 0 && { 'aria-invalid': true as const }),
    ...(description !== undefined && { 'aria-describedby': description }),
  };
}

/** The server's messages for one field, announced when they appear. */
export function FieldErrors({ id, errors }: { id: string; errors: readonly string[] }) {
  if (errors.length === 0) return null;
  return (
    <p id={`${id}-error`} className="field-error" role="alert">
      {errors.join('; ')}
    </p>
  );
}

export function FieldHelp({ id, help }: { id: string; help: string | undefined }) {
  if (help === undefined) return null;
  return (
    <p id={`${id}-help`} className="field-help">
      {help}
    </p>
  );
}

/** The star of a required field; assistive technology hears `aria-required` on the control instead. */
export function RequiredMark({ title }: { title: string }) {
  return (
    <span className="required-mark" title={title} aria-hidden="true">
      {' *'}
    </span>
  );
}

/**
 * A field's label with its star on the same line (labels that wrap no control are plain blocks,
 * not the column the page's labels are).
 */
export function FieldLabel(props: { htmlFor: string; label: string; required: boolean }) {
  const { t } = useTranslation('ruleForm');
  return (
    <label htmlFor={props.htmlFor} className="field-label">
      {props.label}
      {props.required && <RequiredMark title={t('required')} />}
    </label>
  );
}

/**
 * One labelled field: the label (marked when required), the control, its help text and the
 * server's errors for it. `inline` puts a checkbox before its label.
 */
export function FieldFrame(props: {
  id: string;
  label: string;
  required?: boolean;
  help?: string | undefined;
  errors: readonly string[];
  inline?: boolean;
  children: (control: ControlProps) => ReactNode;
}) {
  const control = controlProps(
    props.id,
    props.help,
    props.errors,
    props.required === true && props.inline !== true,
  );
  return (
    <div className={`form-field${props.inline === true ? ' form-field-inline' : ''}`}>
      {props.inline === true ? (
        <label htmlFor={props.id} className="checkbox-label">
          {props.children(control)}
          <span>{props.label}</span>
        </label>
      ) : (
        <>
          <FieldLabel htmlFor={props.id} label={props.label} required={props.required === true} />
          {props.children(control)}
        </>
      )}
      <FieldHelp id={props.id} help={props.help} />
      <FieldErrors id={props.id} errors={props.errors} />
    </div>
  );
}
