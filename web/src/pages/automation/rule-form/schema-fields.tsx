import { useTranslation } from 'react-i18next';
import { errorsAt, fieldId } from './field-errors.ts';
import { type ControlProps, FieldFrame } from './field-frame.tsx';
import { isoToLocalInput, localInputToIso } from './local-date.ts';
import { PipelineSelect, StageSelect, UserSelect } from './pickers.tsx';
import type { NodeProps } from './schema-env.ts';
import { isUserIdSchema, literalLabel } from './schema-labels.ts';
import {
  choiceHelp,
  descriptionOf,
  enumValues,
  isTemplateText,
  type NodeKind,
  unionMembers,
} from './schema-nodes.ts';
import { TemplateField } from './template-field.tsx';
import './rule-form.css';

/** Text, numbers, yes/no and fixed values: one labelled control each. */
export function SchemaScalar(props: NodeProps & { kind: NodeKind }) {
  const { t } = useTranslation('ruleForm');
  const id = fieldId(props.env.idPrefix, props.pointer);
  const help = descriptionOf(props.schema, props.env.language);
  const errors = errorsAt(props.env.errors, props.pointer);
  if (props.kind === 'string' && isTemplateText(props.schema, props.name, props.env.templateParams)) {
    return <TemplateField {...props} id={id} help={help} errors={errors} />;
  }
  const frame = { id, label: props.label, required: props.required, help, errors };
  if (props.kind === 'boolean') {
    return (
      <FieldFrame {...frame} inline>
        {(control) => (
          <input
            type="checkbox"
            {...control}
            checked={props.value === true}
            onChange={(event) => props.onChange(event.target.checked)}
          />
        )}
      </FieldFrame>
    );
  }
  if (props.kind === 'null' || props.kind === 'const') {
    const text = props.kind === 'null' ? t('schema.empty') : literalLabel(props.schema['const'], t);
    return <FieldFrame {...frame}>{(control) => <output {...control}>{text}</output>}</FieldFrame>;
  }
  return <FieldFrame {...frame}>{(control) => <TextLike {...props} control={control} />}</FieldFrame>;
}

/** Empty text leaves an optional property out, so the server's default applies. */
const emptyAs = (props: NodeProps, text: string): unknown =>
  text === '' && !props.required ? undefined : text;

function TextLike(props: NodeProps & { kind: NodeKind; control: ControlProps }) {
  const { schema, control } = props;
  const text =
    typeof props.value === 'string' ? props.value : props.value === undefined ? '' : String(props.value);
  const setText = (next: string) => props.onChange(emptyAs(props, next));
  if (props.kind === 'number') {
    const integer = schema['type'] === 'integer';
    return (
      <input
        type="number"
        {...control}
        value={typeof props.value === 'number' ? props.value : ''}
        min={typeof schema['minimum'] === 'number' ? schema['minimum'] : undefined}
        max={typeof schema['maximum'] === 'number' ? schema['maximum'] : undefined}
        step={integer ? 1 : 'any'}
        onChange={(event) =>
          props.onChange(event.target.value === '' ? undefined : Number(event.target.value))
        }
      />
    );
  }
  if (isUserIdSchema(props.name, schema))
    return <UserSelect control={control} value={text} onChange={setText} />;
  if (props.name === 'stageId')
    return <StageSelect control={control} value={text} onChange={setText} pipelineId={props.env.stagesOf} />;
  if (props.name === 'pipelineId')
    return <PipelineSelect control={control} value={text} onChange={setText} />;
  const maxLength = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : undefined;
  if (maxLength !== undefined && maxLength > 2000) {
    return (
      <textarea
        {...control}
        rows={3}
        value={text}
        maxLength={maxLength}
        onChange={(e) => setText(e.target.value)}
      />
    );
  }
  const format = schema['format'];
  const type = format === 'email' ? 'email' : format === 'uri' ? 'url' : 'text';
  if (format === 'date-time') {
    return <DateTimeInput control={control} value={text} onChange={setText} />;
  }
  return (
    <input
      type={type}
      {...control}
      value={text}
      maxLength={maxLength}
      onChange={(e) => setText(e.target.value)}
    />
  );
}

/** An ISO date-time edited as the browser's local date and time. */
export function DateTimeInput(props: {
  control: ControlProps;
  value: string;
  onChange(value: string): void;
}) {
  return (
    <input
      type="datetime-local"
      {...props.control}
      value={isoToLocalInput(props.value)}
      onChange={(event) => props.onChange(localInputToIso(event.target.value))}
    />
  );
}

/** A fixed set of values (`enum`, or a union of literals): a select, with each value's description. */
export function EnumField(props: NodeProps) {
  const { t } = useTranslation('ruleForm');
  const id = fieldId(props.env.idPrefix, props.pointer);
  const members = unionMembers(props.schema);
  const values = enumValues(props.schema) ?? members.map((member) => member['const']);
  const index = values.indexOf(props.value);
  return (
    <FieldFrame
      id={id}
      label={props.label}
      required={props.required}
      help={choiceHelp(props.schema, props.env.language)}
      errors={errorsAt(props.env.errors, props.pointer)}
    >
      {(control) => (
        <select
          {...control}
          value={index === -1 ? '' : String(index)}
          onChange={(event) =>
            props.onChange(event.target.value === '' ? undefined : values[Number(event.target.value)])
          }
        >
          <option value="" disabled={props.required}>
            {props.required ? t('choose') : t('schema.default')}
          </option>
          {values.map((value, at) => (
            <option key={String(value)} value={String(at)}>
              {literalLabel(value, t)}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}
