import { useTranslation } from 'react-i18next';
import { type DurationUnit, EDITOR_UNITS, toEditorDuration, toIsoDuration } from './duration.ts';
import { controlProps, FieldErrors } from './field-frame.tsx';

/**
 * A duration as a number and a unit, stored as ISO 8601. `signed` adds "before"/"after" (a
 * negative offset is "before"). A duration of several parts written through the API is kept and
 * edited as its ISO text.
 */
export function DurationInput(props: {
  id: string;
  label: string;
  value: string;
  onChange(iso: string): void;
  errors: readonly string[];
  units?: readonly DurationUnit[];
  signed?: boolean;
}) {
  const { t } = useTranslation('ruleForm');
  const parsed = toEditorDuration(props.value);
  const units = props.units ?? EDITOR_UNITS;
  const control = controlProps(`${props.id}-amount`, undefined, props.errors);
  if (parsed === undefined && props.value !== '') {
    return (
      <div className="form-field">
        <label htmlFor={control.id}>{t('duration.iso', { label: props.label })}</label>
        <input
          {...control}
          className="code-input"
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        />
        <FieldErrors id={control.id} errors={props.errors} />
      </div>
    );
  }
  const amount = parsed?.amount ?? 0;
  const unit = parsed !== undefined && units.includes(parsed.unit) ? parsed.unit : (units[0] ?? 'minutes');
  const sign = parsed?.sign ?? 1;
  const emit = (next: { amount?: number; unit?: DurationUnit; sign?: 1 | -1 }) =>
    props.onChange(toIsoDuration(next.amount ?? amount, next.unit ?? unit, next.sign ?? sign));
  return (
    <fieldset className="duration-input">
      <legend>{props.label}</legend>
      <div className="duration-parts">
        <label htmlFor={control.id} className="visually-hidden">
          {t('duration.amount')}
        </label>
        <input
          type="number"
          min={0}
          step={1}
          {...control}
          value={amount}
          onChange={(event) => emit({ amount: Number(event.target.value) })}
        />
        <label htmlFor={`${props.id}-unit`} className="visually-hidden">
          {t('duration.unit')}
        </label>
        <select
          id={`${props.id}-unit`}
          value={unit}
          onChange={(e) => emit({ unit: e.target.value as DurationUnit })}
        >
          {units.map((candidate) => (
            <option key={candidate} value={candidate}>
              {t(`duration.units.${candidate}`)}
            </option>
          ))}
        </select>
        {props.signed === true && (
          <>
            <label htmlFor={`${props.id}-sign`} className="visually-hidden">
              {t('duration.direction')}
            </label>
            <select
              id={`${props.id}-sign`}
              value={String(sign)}
              onChange={(e) => emit({ sign: e.target.value === '-1' ? -1 : 1 })}
            >
              <option value="-1">{t('duration.before')}</option>
              <option value="1">{t('duration.after')}</option>
            </select>
          </>
        )}
      </div>
      <FieldErrors id={control.id} errors={props.errors} />
    </fieldset>
  );
}
