import { useTranslation } from 'react-i18next';
import type { ConditionEnv } from './condition-env.ts';
import { type FieldOption, fieldOption } from './condition-facts.ts';
import { type Comparison, type TermSign, termFits, termOf, withTerm } from './condition-model.ts';
import { childPointer, errorsAt } from './field-errors.ts';
import { controlProps, FieldErrors } from './field-frame.tsx';
import { FieldPicker } from './field-picker.tsx';

/**
 * "Minus another field" / "plus another field" beside a numeric field, so a manager can write
 * "amount − paid sum ≤ 1000" without a programmer. Shown only where the operator takes it.
 */
export function ComparisonTerm(props: {
  readonly id: string;
  readonly comparison: Comparison;
  readonly option: FieldOption;
  readonly pointer: string;
  readonly env: ConditionEnv;
  readonly onChange: (comparison: Comparison) => void;
}) {
  const { t } = useTranslation('ruleForm');
  const { comparison, option, env, id } = props;
  const term = termOf(comparison);
  const fits = (candidate: FieldOption) => termFits(option, candidate);
  const errors = term === undefined ? [] : errorsAt(env.errors, childPointer(props.pointer, term.sign));
  const choose = (sign: string) => {
    if (sign !== 'plus' && sign !== 'minus') return props.onChange(withTerm(comparison, null));
    const keep = term !== undefined && fits(fieldOption(env.fields, term.field)) ? term.field : undefined;
    props.onChange(withTerm(comparison, sign as TermSign, keep ?? env.fields.find(fits)?.path ?? ''));
  };
  return (
    <div className="comparison-term">
      <div className="form-field">
        <label htmlFor={`${id}-term`}>{t('condition.term')}</label>
        <select id={`${id}-term`} value={term?.sign ?? ''} onChange={(event) => choose(event.target.value)}>
          <option value="">{t('condition.termNone')}</option>
          <option value="minus">{t('condition.minus')}</option>
          <option value="plus">{t('condition.plus')}</option>
        </select>
      </div>
      {term !== undefined && (
        <div className="form-field">
          <label htmlFor={`${id}-termField`}>{t(`condition.${term.sign}Field`)}</label>
          <FieldPicker
            control={controlProps(`${id}-termField`, undefined, errors)}
            fields={env.fields}
            filter={fits}
            value={term.field}
            language={env.language}
            onChange={(path) => props.onChange(withTerm(comparison, term.sign, path))}
          />
          <FieldErrors id={`${id}-termField`} errors={errors} />
        </div>
      )}
    </div>
  );
}
