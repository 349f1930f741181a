import { useTranslation } from 'react-i18next';
import { childPointer, fieldId } from './field-errors.ts';
import { FieldHelp, RequiredMark } from './field-frame.tsx';
import type { NodeProps } from './schema-env.ts';
import { GroupErrors, SchemaNode } from './schema-form.tsx';
import { propertyLabel } from './schema-labels.ts';
import { descriptionOf, isRecord, properties, requiredNames, withProperty } from './schema-nodes.ts';

/**
 * An object: its properties in the schema's order, required ones marked. Nested objects sit in a
 * fieldset named by their label; keys the schema does not list are kept as they are.
 */
export function SchemaObject(props: NodeProps) {
  const { t } = useTranslation('ruleForm');
  const required = requiredNames(props.schema);
  const value = isRecord(props.value) ? props.value : {};
  const names = properties(props.schema).map(([name]) => name);
  const env =
    names.includes('stageId') && typeof value['pipelineId'] === 'string' && value['pipelineId'] !== ''
      ? { ...props.env, stagesOf: value['pipelineId'] }
      : props.env;
  const fields = properties(props.schema).map(([name, schema]) => (
    <SchemaNode
      key={name}
      schema={schema}
      value={value[name]}
      onChange={(next) => props.onChange(withProperty(props.value, name, next))}
      pointer={childPointer(props.pointer, name)}
      name={name}
      label={propertyLabel(name, schema, t)}
      required={required.includes(name)}
      env={env}
    />
  ));
  // Unlabelled: the form's root (name ''), or the object member of a union, whose errors its choice shows.
  if (props.label === '') {
    return (
      <>
        {props.name === '' && <GroupErrors pointer={props.pointer} env={props.env} />}
        {fields.length === 0 ? <p className="muted">{t('schema.noFields')}</p> : fields}
      </>
    );
  }
  const id = fieldId(props.env.idPrefix, props.pointer);
  const help = descriptionOf(props.schema, props.env.language);
  return (
    <fieldset className="schema-fieldset" {...(help !== undefined && { 'aria-describedby': `${id}-help` })}>
      <legend>
        {props.label}
        {props.required && <RequiredMark title={t('required')} />}
      </legend>
      <FieldHelp id={id} help={help} />
      <GroupErrors pointer={props.pointer} env={props.env} />
      {fields}
    </fieldset>
  );
}
