import { useRef } from 'react';
import { controlProps, FieldErrors, FieldHelp, FieldLabel } from './field-frame.tsx';
import { PlaceholderPicker } from './placeholder-picker.tsx';
import type { NodeProps } from './schema-env.ts';
import { TemplatePreview } from './template-preview.tsx';
import { insertPlaceholder } from './template-text.ts';

/**
 * A Liquid template: a text area with a placeholder picker that inserts `{{ path }}` at the
 * cursor, and the server's rendering of it on the sample item as it is typed.
 */
export function TemplateField(
  props: NodeProps & { id: string; help: string | undefined; errors: readonly string[] },
) {
  const area = useRef<HTMLTextAreaElement>(null);
  const text = typeof props.value === 'string' ? props.value : '';
  const control = controlProps(props.id, props.help, props.errors, props.required);
  const previewId = `${props.id}-preview`;
  const pick = (path: string) => {
    const element = area.current;
    const next = insertPlaceholder(
      text,
      element?.selectionStart ?? text.length,
      element?.selectionEnd ?? text.length,
      path,
    );
    props.onChange(next.text === '' && !props.required ? undefined : next.text);
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(next.cursor, next.cursor);
    });
  };
  return (
    <div className="form-field template-field">
      <div className="template-head">
        <FieldLabel htmlFor={props.id} label={props.label} required={props.required} />
        <PlaceholderPicker fieldLabel={props.label} onPick={pick} />
      </div>
      <textarea
        ref={area}
        {...control}
        aria-describedby={[control['aria-describedby'], previewId].filter(Boolean).join(' ')}
        rows={props.name === 'html' || props.name === 'text' || props.name === 'body' ? 4 : 2}
        value={text}
        spellCheck
        onChange={(event) =>
          props.onChange(event.target.value === '' && !props.required ? undefined : event.target.value)
        }
      />
      <FieldHelp id={props.id} help={props.help} />
      <FieldErrors id={props.id} errors={props.errors} />
      <TemplatePreview id={previewId} name={props.name} source={text} itemId={props.env.previewItemId} />
    </div>
  );
}
