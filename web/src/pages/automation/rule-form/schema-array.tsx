import { useTranslation } from 'react-i18next';
import { childPointer, fieldId } from './field-errors.ts';
import { FieldHelp, RequiredMark } from './field-frame.tsx';
import type { NodeProps } from './schema-env.ts';
import { GroupErrors, SchemaNode } from './schema-form.tsx';
import { descriptionOf, initialValue, itemsSchema } from './schema-nodes.ts';

/** A list: one row per element with its remove button, and an add button within `maxItems`. */
export function SchemaArray(props: NodeProps) {
  const { t } = useTranslation('ruleForm');
  const rows = Array.isArray(props.value) ? props.value : [];
  const items = itemsSchema(props.schema);
  const min = typeof props.schema['minItems'] === 'number' ? props.schema['minItems'] : 0;
  const max =
    typeof props.schema['maxItems'] === 'number' ? props.schema['maxItems'] : Number.POSITIVE_INFINITY;
  const id = fieldId(props.env.idPrefix, props.pointer);
  const help = descriptionOf(props.schema, props.env.language);
  const set = (next: unknown[]) => props.onChange(next.length === 0 && !props.required ? undefined : next);
  return (
    <fieldset
      className="schema-fieldset schema-array"
      {...(help !== undefined && { 'aria-describedby': `${id}-help` })}
    >
      <legend>
        {props.label}
        {props.required && <RequiredMark title={t('required')} />}
      </legend>
      <FieldHelp id={id} help={help} />
      <GroupErrors pointer={props.pointer} env={props.env} />
      {rows.length === 0 && <p className="muted">{t('schema.noRows')}</p>}
      <ol className="schema-rows">
        {rows.map((row, index) => {
          const rowLabel = t('schema.row', { label: props.label, number: index + 1 });
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <li key={index} className="schema-row">
              <div className="schema-row-body">
                <SchemaNode
                  schema={items}
                  value={row}
                  onChange={(next) => set(rows.map((old, at) => (at === index ? next : old)))}
                  pointer={childPointer(props.pointer, index)}
                  name={String(index)}
                  label={rowLabel}
                  required
                  env={props.env}
                />
              </div>
              <button
                type="button"
                className="button-quiet row-remove"
                aria-label={t('schema.remove', { label: rowLabel })}
                disabled={rows.length <= min}
                onClick={() => set(rows.filter((_, at) => at !== index))}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="row-add"
        disabled={rows.length >= max}
        onClick={() => set([...rows, initialValue(items)])}
      >
        {t('schema.add', { label: props.label })}
      </button>
    </fieldset>
  );
}
