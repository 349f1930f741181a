import { useTranslation } from 'react-i18next';
import type { CatalogueOperator } from '../automation-types.ts';
import type { ConditionEnv } from './condition-env.ts';
import type { FieldOption } from './condition-facts.ts';
import { type Comparison, compareWithField, emptyValue, withKey, withPercent } from './condition-model.ts';
import { ListValue, RegexValue } from './condition-value-parts.tsx';
import { childPointer, errorsAt, fieldId } from './field-errors.ts';
import { controlProps, FieldErrors } from './field-frame.tsx';
import { FieldPicker } from './field-picker.tsx';
import { ScalarValue } from './scalar-value.tsx';

interface ValueProps {
  readonly comparison: Comparison;
  readonly onChange: (comparison: Comparison) => void;
  readonly option: FieldOption;
  readonly operator: CatalogueOperator;
  readonly pointer: string;
  readonly env: ConditionEnv;
}

/** The right side of a comparison, shaped by its operator and typed by its field. */
export function ComparisonValue(props: ValueProps) {
  const { t } = useTranslation('ruleForm');
  const { comparison, option, operator, env } = props;
  const id = fieldId(env.idPrefix, props.pointer);
  const valuePointer = childPointer(props.pointer, 'value');
  const value = comparison['value'];
  const set = (next: unknown) => props.onChange(withKey(comparison, 'value', next));
  switch (operator.value) {
    case 'none':
      return null;
    case 'list':
      return (
        <ListValue
          id={`${id}-value`}
          option={option}
          values={Array.isArray(value) ? value : []}
          onChange={set}
          pointer={valuePointer}
          env={env}
        />
      );
    case 'range': {
      const bounds = Array.isArray(value)
        ? value
        : [emptyValue(option.kind, 'one'), emptyValue(option.kind, 'one')];
      const setBound = (at: number, next: unknown) =>
        set(bounds.map((old, index) => (index === at ? next : old)));
      return (
        <div className="comparison-value comparison-range">
          {[0, 1].map((at) => (
            <ScalarValue
              key={at}
              id={`${id}-value-${at}`}
              label={t(at === 0 ? 'condition.from' : 'condition.to')}
              option={option}
              value={bounds[at]}
              onChange={(next) => setBound(at, next)}
              errors={errorsAt(env.errors, childPointer(valuePointer, at))}
              env={env}
            />
          ))}
          <FieldErrors id={`${id}-value`} errors={errorsAt(env.errors, valuePointer)} />
        </div>
      );
    }
    case 'regex':
      return (
        <RegexValue
          id={id}
          comparison={comparison}
          onChange={props.onChange}
          pointer={props.pointer}
          env={env}
        />
      );
    default:
      return <OneValue {...props} id={id} valuePointer={valuePointer} />;
  }
}

/** One value, or another field ("paid sum ≥ 50 % of the amount") where the operator allows a percent. */
function OneValue(props: ValueProps & { id: string; valuePointer: string }) {
  const { t } = useTranslation('ruleForm');
  const { comparison, option, operator, env, id } = props;
  const valueField = typeof comparison['valueField'] === 'string' ? comparison['valueField'] : undefined;
  const otherFieldErrors = errorsAt(env.errors, childPointer(props.pointer, 'valueField'));
  const percentErrors = errorsAt(env.errors, childPointer(props.pointer, 'percent'));
  const percent = comparison['percent'];
  const comparable = (candidate: FieldOption) =>
    candidate.path !== option.path &&
    (candidate.kind === option.kind || candidate.kind === 'any' || option.kind === 'any');
  return (
    <div className="comparison-value">
      <label htmlFor={`${id}-other`} className="checkbox-label">
        <input
          id={`${id}-other`}
          type="checkbox"
          checked={valueField !== undefined}
          onChange={(event) => {
            const first = env.fields.find(comparable);
            props.onChange(
              compareWithField(comparison, event.target.checked ? (first?.path ?? '') : null, option.kind),
            );
          }}
        />
        <span>{t('condition.otherField')}</span>
      </label>
      {valueField === undefined ? (
        <ScalarValue
          id={`${id}-value`}
          label={t('condition.value')}
          option={option}
          value={comparison['value']}
          onChange={(next) => props.onChange(withKey(comparison, 'value', next))}
          errors={errorsAt(env.errors, props.valuePointer)}
          env={env}
        />
      ) : (
        <div className="comparison-other">
          {operator.percent && (
            <div className="form-field comparison-percent">
              <label htmlFor={`${id}-percent`}>{t('condition.percent')}</label>
              <input
                type="number"
                min={0}
                step="any"
                {...controlProps(`${id}-percent`, undefined, percentErrors)}
                value={typeof percent === 'number' ? percent : ''}
                placeholder="100"
                onChange={(event) =>
                  props.onChange(
                    withPercent(
                      comparison,
                      event.target.value === '' ? undefined : Number(event.target.value),
                    ),
                  )
                }
              />
              <FieldErrors id={`${id}-percent`} errors={percentErrors} />
            </div>
          )}
          <div className="form-field">
            <label htmlFor={`${id}-valueField`}>{t('condition.otherFieldName')}</label>
            <FieldPicker
              control={controlProps(`${id}-valueField`, undefined, otherFieldErrors)}
              fields={env.fields}
              filter={comparable}
              value={valueField}
              language={env.language}
              onChange={(path) => props.onChange(withKey(comparison, 'valueField', path))}
            />
            <FieldErrors id={`${id}-valueField`} errors={otherFieldErrors} />
          </div>
        </div>
      )}
    </div>
  );
}
