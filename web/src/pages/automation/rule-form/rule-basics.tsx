import { useTranslation } from 'react-i18next';
import type { ProblemField } from '../../../api/client.ts';
import type { ActAs } from '../automation-types.ts';
import { errorsAt, fieldId } from './field-errors.ts';
import { FieldFrame } from './field-frame.tsx';
import { useUsers } from './rule-data.ts';

/** The rule's name (required). */
export function NameField(props: {
  idPrefix: string;
  value: string;
  onChange(name: string): void;
  errors: readonly ProblemField[] | undefined;
}) {
  const { t } = useTranslation('ruleForm');
  return (
    <FieldFrame
      id={fieldId(props.idPrefix, '/name')}
      label={t('name')}
      required
      errors={errorsAt(props.errors, '/name')}
    >
      {(control) => (
        <input
          {...control}
          value={props.value}
          maxLength={200}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </FieldFrame>
  );
}

/** A yes/no of the rule (enabled, allow backward, ...) at `pointer`. */
export function RuleCheckbox(props: {
  idPrefix: string;
  pointer: string;
  label: string;
  help?: string;
  checked: boolean;
  onChange(checked: boolean): void;
  errors: readonly ProblemField[] | undefined;
}) {
  return (
    <FieldFrame
      id={fieldId(props.idPrefix, props.pointer)}
      label={props.label}
      help={props.help}
      errors={errorsAt(props.errors, props.pointer)}
      inline
    >
      {(control) => (
        <input
          type="checkbox"
          {...control}
          checked={props.checked}
          onChange={(event) => props.onChange(event.target.checked)}
        />
      )}
    </FieldFrame>
  );
}

const actAsValue = (actAs: ActAs): string =>
  actAs === null ? '' : typeof actAs === 'string' ? actAs : `user:${actAs.userId}`;
const actAsOf = (value: string): ActAs =>
  value === ''
    ? null
    : value === 'responsible' || value === 'supervisor'
      ? value
      : { userId: value.slice(5) };

/** The person a rule's moves and history entries are attributed to; the journal still names the rule. */
export function ActAsField(props: {
  idPrefix: string;
  value: ActAs;
  onChange(actAs: ActAs): void;
  errors: readonly ProblemField[] | undefined;
}) {
  const { t } = useTranslation('ruleForm');
  const users = useUsers();
  const value = actAsValue(props.value);
  const options = (users.data?.data ?? []).filter((user) => user.active || `user:${user.id}` === value);
  const known =
    value === '' || !value.startsWith('user:') || options.some((user) => `user:${user.id}` === value);
  return (
    <FieldFrame
      id={fieldId(props.idPrefix, '/actAs')}
      label={t('actAs.label')}
      help={t('actAs.help')}
      errors={[...errorsAt(props.errors, '/actAs'), ...errorsAt(props.errors, '/actAs/userId')]}
    >
      {(control) => (
        <select {...control} value={value} onChange={(event) => props.onChange(actAsOf(event.target.value))}>
          <option value="">{t('actAs.rule')}</option>
          <option value="responsible">{t('actAs.responsible')}</option>
          <option value="supervisor">{t('actAs.supervisor')}</option>
          {!known && <option value={value}>{value.slice(5)}</option>}
          {options.map((user) => (
            <option key={user.id} value={`user:${user.id}`}>
              {user.name}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}
