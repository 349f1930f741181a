import { useTranslation } from 'react-i18next';
import { ComparisonTerm } from './comparison-term.tsx';
import type { ConditionNodeProps } from './condition-env.ts';
import { fieldOption } from './condition-facts.ts';
import { ARITHMETIC_KINDS, operatorsFor, withField, withOperator } from './condition-model.ts';
import { NegateToggle, type NegationProps } from './condition-node.tsx';
import { ComparisonValue } from './condition-value.tsx';
import { childPointer, errorsAt, fieldId } from './field-errors.ts';
import { controlProps, FieldErrors, FieldHelp } from './field-frame.tsx';
import { FieldPicker } from './field-picker.tsx';
import { operatorHelp, operatorLabel } from './operator-words.ts';

/** One comparison: the field, an operator that fits its kind, and the value (or another field). */
export function ComparisonRow(props: ConditionNodeProps & NegationProps) {
  const { t } = useTranslation('ruleForm');
  const { env, node } = props;
  const id = fieldId(env.idPrefix, props.pointer);
  const path = typeof node['field'] === 'string' ? node['field'] : '';
  const option = fieldOption(env.fields, path);
  const fitting = operatorsFor(option.kind, env.operators);
  const op = typeof node['op'] === 'string' ? node['op'] : '';
  const operator = env.operators.find((candidate) => candidate.op === op);
  const at = (key: string) => errorsAt(env.errors, childPointer(props.pointer, key));
  const help = operator === undefined ? undefined : operatorHelp(operator, env.language);
  const fieldErrors = at('field');
  const opErrors = at('op');
  return (
    <fieldset className="comparison">
      <legend className="visually-hidden">{t('condition.comparison')}</legend>
      <FieldErrors id={id} errors={errorsAt(env.errors, props.pointer)} />
      <div className="comparison-line">
        <NegateToggle
          id={`${id}-not`}
          label={t('condition.not')}
          negated={props.negated}
          onNegate={props.onNegate}
        />
        <div className="form-field comparison-field">
          <label htmlFor={`${id}-field`}>{t('condition.field')}</label>
          <FieldPicker
            control={controlProps(`${id}-field`, undefined, fieldErrors)}
            fields={env.fields}
            value={path}
            language={env.language}
            onChange={(next) =>
              props.onChange(withField(node, next, fieldOption(env.fields, next).kind, env.operators))
            }
          />
          <FieldErrors id={`${id}-field`} errors={fieldErrors} />
        </div>
        <div className="form-field comparison-op">
          <label htmlFor={`${id}-op`}>{t('condition.operator')}</label>
          <select
            {...controlProps(`${id}-op`, help, opErrors)}
            value={op}
            onChange={(event) => {
              const next = env.operators.find((candidate) => candidate.op === event.target.value);
              if (next !== undefined) props.onChange(withOperator(node, next, option.kind));
            }}
          >
            {operator === undefined && <option value={op}>{op}</option>}
            {operator !== undefined && !fitting.includes(operator) && <option value={op}>{op}</option>}
            {fitting.map((candidate) => (
              <option key={candidate.op} value={candidate.op}>
                {operatorLabel(candidate, env.language, t)}
              </option>
            ))}
          </select>
          <FieldErrors id={`${id}-op`} errors={opErrors} />
        </div>
        <button
          type="button"
          className="button-quiet row-remove"
          aria-label={t('condition.removeComparison', { field: path })}
          onClick={props.onRemove}
        >
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <FieldHelp id={`${id}-op`} help={help} />
      {operator?.arithmetic === true && ARITHMETIC_KINDS.includes(option.kind) && (
        <ComparisonTerm
          id={id}
          comparison={node}
          option={option}
          pointer={props.pointer}
          env={env}
          onChange={props.onChange}
        />
      )}
      {operator !== undefined && (
        <ComparisonValue
          comparison={node}
          onChange={props.onChange}
          option={option}
          operator={operator}
          pointer={props.pointer}
          env={env}
        />
      )}
    </fieldset>
  );
}
