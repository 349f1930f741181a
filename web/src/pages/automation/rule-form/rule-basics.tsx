import { useTranslation } from 'react-i18next';
import type { ProblemField } from '../../../api/client.ts';
import { errorsAt, fieldId } from './field-errors.ts';
import { FieldFrame } from './field-frame.tsx';

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
