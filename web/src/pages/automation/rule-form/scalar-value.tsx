import type { KeyboardEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConditionEnv } from './condition-env.ts';
import { type FieldOption, isStageField, isUserField } from './condition-facts.ts';
import { controlProps, FieldErrors } from './field-frame.tsx';
import { UserSelect } from './pickers.tsx';
import { DateTimeInput } from './schema-fields.tsx';

/**
 * One value typed by its field: a number (money noted as the item's currency), a date and time,
 * yes/no, a user or a stage picked by name, or text.
 */
export function ScalarValue(props: {
  id: string;
  label: string;
  option: FieldOption;
  value: unknown;
  onChange(value: unknown): void;
  /** Enter in a text or number input: instead of submitting the rule form (adding a list value). */
  onEnter?: () => void;
  errors: readonly string[];
  env: ConditionEnv;
}) {
  const { t } = useTranslation('ruleForm');
  const { option } = props;
  const hint = option.money === true ? t('condition.moneyHint') : undefined;
  const control = {
    ...controlProps(props.id, hint, props.errors),
    ...(props.onEnter !== undefined && {
      onKeyDown: (event: KeyboardEvent) => {
        if (event.key !== 'Enter') return;
        event.preventDefault();
        props.onEnter?.();
      },
    }),
  };
  const text = props.value === undefined || props.value === null ? '' : String(props.value);
  let input: ReactNode;
  if (isUserField(option.path)) {
    input = <UserSelect control={control} value={text} onChange={props.onChange} />;
  } else if (isStageField(option.path) && props.env.stages.length > 0) {
    input = (
      <select {...control} value={text} onChange={(event) => props.onChange(event.target.value)}>
        <option value="">{t('choose')}</option>
        {props.env.stages.map((stage) => (
          <option key={stage.id} value={stage.id}>
            {stage.name}
          </option>
        ))}
      </select>
    );
  } else if (option.kind === 'number') {
    input = (
      <input
        type="number"
        step="any"
        {...control}
        value={typeof props.value === 'number' ? props.value : text}
        onChange={(event) => props.onChange(event.target.value === '' ? '' : Number(event.target.value))}
      />
    );
  } else if (option.kind === 'date') {
    input = <DateTimeInput control={control} value={text} onChange={props.onChange} />;
  } else if (option.kind === 'boolean') {
    input = (
      <select {...control} value={text} onChange={(event) => props.onChange(event.target.value === 'true')}>
        <option value="true">{t('condition.yes')}</option>
        <option value="false">{t('condition.no')}</option>
      </select>
    );
  } else {
    input = <input {...control} value={text} onChange={(event) => props.onChange(event.target.value)} />;
  }
  return (
    <div className="form-field scalar-value">
      <label htmlFor={props.id}>{props.label}</label>
      {input}
      {hint !== undefined && (
        <p id={`${props.id}-help`} className="field-help">
          {hint}
        </p>
      )}
      <FieldErrors id={props.id} errors={props.errors} />
    </div>
  );
}
