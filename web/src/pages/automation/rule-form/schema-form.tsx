import { useTranslation } from 'react-i18next';
import type { ProblemField } from '../../../api/client.ts';
import type { JsonSchema } from '../automation-types.ts';
import { errorsAt, fieldId } from './field-errors.ts';
import { FieldErrors } from './field-frame.tsx';
import { SchemaArray } from './schema-array.tsx';
import type { NodeProps, SchemaEnv } from './schema-env.ts';
import { EnumField, SchemaScalar } from './schema-fields.tsx';
import { isLiteralUnion, nodeKind } from './schema-nodes.ts';
import { SchemaObject } from './schema-object.tsx';
import { SchemaRecord } from './schema-record.tsx';
import { SchemaUnion } from './schema-union.tsx';

/**
 * A form generated from a JSON Schema: the params of any action, the data of any event type.
 * Objects, records, arrays, unions (person references among them), enums, strings (templates with
 * a placeholder picker and a live preview), numbers and booleans; server errors next to the field
 * whose pointer they name (`pointer` is where `value` sits in the request body).
 */
export function SchemaForm(props: {
  schema: JsonSchema;
  value: unknown;
  onChange(value: unknown): void;
  errors?: readonly ProblemField[];
  pointer?: string;
  templateParams?: readonly string[];
  previewItemId?: string | null;
  idPrefix: string;
}) {
  const { i18n } = useTranslation('ruleForm');
  const env: SchemaEnv = {
    errors: props.errors,
    templateParams: props.templateParams ?? [],
    previewItemId: props.previewItemId ?? null,
    idPrefix: props.idPrefix,
    language: i18n.resolvedLanguage ?? 'en',
  };
  return (
    <div className="schema-form">
      <SchemaNode
        schema={props.schema}
        value={props.value}
        onChange={props.onChange}
        pointer={props.pointer ?? ''}
        name=""
        label=""
        required
        env={env}
      />
    </div>
  );
}

/** One node, by what its schema is. */
export function SchemaNode(props: NodeProps) {
  const kind = nodeKind(props.schema);
  switch (kind) {
    case 'object':
      return <SchemaObject {...props} />;
    case 'record':
      return <SchemaRecord {...props} />;
    case 'array':
      return <SchemaArray {...props} />;
    case 'union':
      return isLiteralUnion(props.schema) ? <EnumField {...props} /> : <SchemaUnion {...props} />;
    case 'enum':
      return <EnumField {...props} />;
    default:
      return <SchemaScalar {...props} kind={kind} />;
  }
}

/** Errors pointing at a group (an object, a list) rather than at one of its fields. */
export function GroupErrors({ pointer, env }: { pointer: string; env: SchemaEnv }) {
  const id = fieldId(env.idPrefix, pointer);
  return <FieldErrors id={id} errors={errorsAt(env.errors, pointer)} />;
}
