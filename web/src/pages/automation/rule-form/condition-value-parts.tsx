import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConditionEnv } from './condition-env.ts';
import type { FieldOption } from './condition-facts.ts';
import { type Comparison, emptyValue, withKey } from './condition-model.ts';
import { childPointer, errorsAt } from './field-errors.ts';
import { controlProps, FieldErrors } from './field-frame.tsx';
import { ScalarValue } from './scalar-value.tsx';

/** A list of values (`in`, `nin`): chips with their remove buttons, and a value to add. */
export function ListValue(props: {
  id: string;
  option: FieldOption;
  values: readonly unknown[];
  onChange(values: unknown[]): void;
  pointer: string;
  env: ConditionEnv;
}) {
  const { t } = useTranslation('ruleForm');
  const [draft, setDraft] = useState<unknown>(emptyValue(props.option.kind, 'one'));
  const stageName = (value: unknown) => props.env.stages.find((stage) => stage.id === value)?.name;
  const add = () => {
    if (draft === '' || draft === undefined) return;
    props.onChange([...props.values, draft]);
    setDraft(emptyValue(props.option.kind, 'one'));
  };
  return (
    <div className="comparison-value comparison-list">
      <ul className="chips" aria-label={t('condition.values')}>
        {props.values.map((value, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a list may hold the same value twice
          <li key={index} className="chip">
            <span>{stageName(value) ?? String(value)}</span>
            <button
              type="button"
              className="button-quiet chip-remove"
              aria-label={t('condition.removeValue', { value: String(value) })}
              onClick={() => props.onChange(props.values.filter((_, at) => at !== index))}
            >
              <span aria-hidden="true">×</span>
            </button>
            <FieldErrors
              id={`${props.id}-${index}`}
              errors={errorsAt(props.env.errors, childPointer(props.pointer, index))}
            />
          </li>
        ))}
      </ul>
      <div className="chip-add">
        <ScalarValue
          id={`${props.id}-new`}
          label={t('condition.newValue')}
          option={props.option}
          value={draft}
          onChange={setDraft}
          onEnter={add}
          errors={errorsAt(props.env.errors, props.pointer)}
          env={props.env}
        />
        <button type="button" onClick={add}>
          {t('condition.addValue')}
        </button>
      </div>
    </div>
  );
}

const FLAGS = ['i', 'm', 's', 'u'] as const;

/** A regular expression and its flags ("ignore case", ...). */
export function RegexValue(props: {
  id: string;
  comparison: Comparison;
  onChange(comparison: Comparison): void;
  pointer: string;
  env: ConditionEnv;
}) {
  const { t } = useTranslation('ruleForm');
  const pattern = typeof props.comparison['value'] === 'string' ? props.comparison['value'] : '';
  const flags = typeof props.comparison['flags'] === 'string' ? props.comparison['flags'] : '';
  const patternErrors = errorsAt(props.env.errors, childPointer(props.pointer, 'value'));
  const flagErrors = errorsAt(props.env.errors, childPointer(props.pointer, 'flags'));
  const toggle = (flag: string, on: boolean) => {
    const next = FLAGS.filter((candidate) => (candidate === flag ? on : flags.includes(candidate))).join('');
    props.onChange(withKey(props.comparison, 'flags', next === '' ? undefined : next));
  };
  return (
    <div className="comparison-value comparison-regex">
      <div className="form-field">
        <label htmlFor={`${props.id}-pattern`}>{t('condition.pattern')}</label>
        <input
          {...controlProps(`${props.id}-pattern`, undefined, patternErrors)}
          className="code-input"
          value={pattern}
          spellCheck={false}
          onChange={(event) => props.onChange(withKey(props.comparison, 'value', event.target.value))}
        />
        <FieldErrors id={`${props.id}-pattern`} errors={patternErrors} />
      </div>
      <fieldset className="regex-flags">
        <legend>{t('condition.flags')}</legend>
        {FLAGS.map((flag) => (
          <label key={flag} htmlFor={`${props.id}-flag-${flag}`} className="checkbox-label">
            <input
              id={`${props.id}-flag-${flag}`}
              type="checkbox"
              checked={flags.includes(flag)}
              onChange={(event) => toggle(flag, event.target.checked)}
            />
            <span>{t(`condition.flag.${flag}`)}</span>
          </label>
        ))}
        <FieldErrors id={`${props.id}-flags`} errors={flagErrors} />
      </fieldset>
    </div>
  );
}
