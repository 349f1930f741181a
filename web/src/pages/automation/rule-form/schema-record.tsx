import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { childPointer, fieldId } from './field-errors.ts';
import { FieldHelp, RequiredMark } from './field-frame.tsx';
import type { NodeProps } from './schema-env.ts';
import { GroupErrors, SchemaNode } from './schema-form.tsx';
import { descriptionOf, initialValue, isRecord, recordValueSchema, rowsToRecord } from './schema-nodes.ts';

type Row = readonly [key: string, value: unknown];

/**
 * A record (`patternProperties`/`additionalProperties`): name/value rows, e.g. the fields an
 * update sets or a webhook's headers. The rows live here while typed, so a row can be nameless.
 */
export function SchemaRecord(props: NodeProps) {
  const { t } = useTranslation('ruleForm');
  const [rows, setRows] = useState<readonly Row[]>(() =>
    Object.entries(isRecord(props.value) ? props.value : {}),
  );
  const valueSchema = recordValueSchema(props.schema) ?? {};
  const id = fieldId(props.env.idPrefix, props.pointer);
  const help = descriptionOf(props.schema, props.env.language);
  const update = (next: readonly Row[]) => {
    setRows(next);
    const record = rowsToRecord(next);
    props.onChange(Object.keys(record).length === 0 && !props.required ? undefined : record);
  };
  return (
    <fieldset
      className="schema-fieldset schema-record"
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
        {rows.map(([key, value], index) => {
          const keyId = `${id}-key-${index}`;
          const pointer = childPointer(props.pointer, key);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: a row is known by its place while its name is typed
            <li key={index} className="schema-row schema-record-row">
              <div className="form-field record-key">
                <label htmlFor={keyId}>{t('schema.key')}</label>
                <input
                  id={keyId}
                  value={key}
                  onChange={(event) =>
                    update(rows.map((row, at) => (at === index ? [event.target.value, row[1]] : row)))
                  }
                />
              </div>
              <div className="schema-row-body">
                <SchemaNode
                  schema={valueSchema}
                  value={value}
                  onChange={(next) => update(rows.map((row, at) => (at === index ? [row[0], next] : row)))}
                  pointer={pointer}
                  name={key}
                  label={key === '' ? t('schema.recordValue') : t('schema.recordValueOf', { key })}
                  required
                  env={props.env}
                />
              </div>
              <button
                type="button"
                className="button-quiet row-remove"
                aria-label={t('schema.remove', { label: key === '' ? t('schema.recordValue') : key })}
                onClick={() => update(rows.filter((_, at) => at !== index))}
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
        onClick={() => update([...rows, ['', initialValue(valueSchema)]])}
      >
        {t('schema.addEntry', { label: props.label })}
      </button>
    </fieldset>
  );
}
