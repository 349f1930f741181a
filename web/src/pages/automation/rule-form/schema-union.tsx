import { useTranslation } from 'react-i18next';
import { errorsAt, fieldId } from './field-errors.ts';
import { FieldFrame } from './field-frame.tsx';
import type { NodeProps } from './schema-env.ts';
import { SchemaNode } from './schema-form.tsx';
import { memberLabel } from './schema-labels.ts';
import { choiceHelp, initialValue, matchMember, unionMembers } from './schema-nodes.ts';

/**
 * A choice between shapes (`anyOf`/`oneOf`): which one, then that shape's own fields. A person
 * reference reads "The responsible user" | "The supervisor" | "A specific user" + a user picker.
 */
export function SchemaUnion(props: NodeProps) {
  const { t } = useTranslation('ruleForm');
  const members = unionMembers(props.schema);
  const chosen = props.value === undefined ? -1 : matchMember(members, props.value);
  const member = chosen === -1 ? undefined : members[chosen];
  const id = fieldId(props.env.idPrefix, props.pointer);
  const choose = (text: string) => {
    if (text === '') props.onChange(undefined);
    else props.onChange(initialValue(members[Number(text)] ?? {}));
  };
  const showsFields = member !== undefined && !Object.hasOwn(member, 'const') && member['type'] !== 'null';
  return (
    <div className="schema-union">
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
            value={chosen === -1 ? '' : String(chosen)}
            onChange={(e) => choose(e.target.value)}
          >
            <option value="" disabled={props.required}>
              {props.required ? t('choose') : t('schema.default')}
            </option>
            {members.map((option, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: members are fixed by the schema
              <option key={index} value={String(index)}>
                {memberLabel(option, t)}
              </option>
            ))}
          </select>
        )}
      </FieldFrame>
      {showsFields && (
        <div className="schema-union-member">
          <SchemaNode
            schema={member}
            value={props.value}
            onChange={props.onChange}
            pointer={props.pointer}
            name={props.name}
            label={member['type'] === 'object' ? '' : t('schema.value', { label: props.label })}
            required
            env={props.env}
          />
        </div>
      )}
    </div>
  );
}
