import { useTranslation } from 'react-i18next';
import type { ProblemField } from '../../../api/client.ts';
import type { Timing } from '../automation-types.ts';
import { dateFields } from './condition-facts.ts';
import { DurationInput } from './duration-input.tsx';
import { childPointer, errorsAt, fieldId } from './field-errors.ts';
import { controlProps, FieldErrors } from './field-frame.tsx';
import { useCatalogue, usePipelineFields } from './rule-data.ts';
import { ACTIVITY_TYPES, timingSentence, WORK_DATE_FIELDS } from './timing.ts';

const KINDS = ['immediately', 'after', 'at'] as const;

/** When a robot runs: immediately, after a duration, or at a date field ± an offset; and the sentence saying it. */
export function TimingEditor(props: {
  timing: Timing;
  afterPrevious: boolean;
  onChange(timing: Timing, afterPrevious: boolean): void;
  stageName: string;
  pipelineId: string;
  idPrefix: string;
  errors: readonly ProblemField[] | undefined;
  pointer: string;
}) {
  const { t } = useTranslation('ruleForm');
  const catalogue = useCatalogue();
  const pipelineFields = usePipelineFields(props.pipelineId);
  const id = fieldId(props.idPrefix, props.pointer);
  const at = (key: string) => errorsAt(props.errors, childPointer(props.pointer, key));
  const { timing } = props;
  const working = timing.workingTime === true ? { workingTime: true } : {};
  const setTiming = (next: Timing) => props.onChange(next, props.afterPrevious);
  const choose = (kind: (typeof KINDS)[number]) => {
    if (kind === 'immediately') setTiming({ kind, ...working });
    else if (kind === 'after') setTiming({ kind, duration: 'P1D', ...working });
    else setTiming({ kind, field: 'item.stageEnteredAt', ...working });
  };
  const fields = dateFields(catalogue.data?.facts ?? [], pipelineFields.data ?? []);
  return (
    <div className="timing-editor">
      <FieldErrors id={id} errors={errorsAt(props.errors, props.pointer)} />
      <fieldset className="timing-kinds">
        <legend>{t('timing.when')}</legend>
        {KINDS.map((kind) => (
          <label key={kind} htmlFor={`${id}-${kind}`} className="checkbox-label">
            <input
              id={`${id}-${kind}`}
              type="radio"
              name={`${id}-kind`}
              checked={timing.kind === kind}
              onChange={() => choose(kind)}
            />
            <span>{t(`timing.kind.${kind}`)}</span>
          </label>
        ))}
        <FieldErrors id={`${id}-kind`} errors={at('kind')} />
      </fieldset>
      {timing.kind === 'after' && (
        <DurationInput
          id={`${id}-duration`}
          label={t('timing.duration')}
          value={timing.duration}
          onChange={(duration) => setTiming({ ...timing, duration })}
          errors={at('duration')}
        />
      )}
      {timing.kind === 'at' && (
        <div className="timing-at">
          <div className="form-field">
            <label htmlFor={`${id}-field`}>{t('timing.field')}</label>
            <select
              {...controlProps(`${id}-field`, undefined, at('field'))}
              value={timing.field}
              onChange={(event) => {
                // The kind of activity belongs to activity.start alone.
                const { activityType: _kind, ...rest } = timing;
                setTiming({ ...rest, field: event.target.value });
              }}
            >
              {![...fields, ...WORK_DATE_FIELDS].includes(timing.field) && (
                <option value={timing.field}>{timing.field}</option>
              )}
              {fields.map((field) => (
                <option key={field} value={field}>
                  {field}
                </option>
              ))}
              {WORK_DATE_FIELDS.map((field) => (
                <option key={field} value={field}>
                  {t(`timing.workFields.${field === 'task.deadline' ? 'taskDeadline' : 'activityStart'}`)}
                </option>
              ))}
            </select>
            <FieldErrors id={`${id}-field`} errors={at('field')} />
          </div>
          {timing.field === 'activity.start' && (
            <div className="form-field">
              <label htmlFor={`${id}-activityType`}>{t('timing.activityType')}</label>
              <select
                {...controlProps(`${id}-activityType`, undefined, at('activityType'))}
                value={timing.activityType ?? ''}
                onChange={(event) => {
                  const { activityType: _old, ...rest } = timing;
                  const chosen = event.target.value;
                  setTiming(chosen === '' ? rest : { ...rest, activityType: chosen });
                }}
              >
                <option value="">{t('timing.activityTypes.any')}</option>
                {ACTIVITY_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`timing.activityTypes.${type}`)}
                  </option>
                ))}
              </select>
              <FieldErrors id={`${id}-activityType`} errors={at('activityType')} />
            </div>
          )}
          <DurationInput
            id={`${id}-offset`}
            label={t('timing.offset')}
            value={timing.offset ?? 'P0D'}
            signed
            onChange={(offset) => setTiming({ ...timing, offset })}
            errors={at('offset')}
          />
        </div>
      )}
      <label htmlFor={`${id}-working`} className="checkbox-label">
        <input
          id={`${id}-working`}
          type="checkbox"
          checked={timing.workingTime === true}
          onChange={(event) => {
            const { workingTime: _old, ...rest } = timing;
            setTiming(event.target.checked ? { ...rest, workingTime: true } : (rest as Timing));
          }}
        />
        <span>{t('timing.workingTime')}</span>
      </label>
      <label htmlFor={`${id}-previous`} className="checkbox-label">
        <input
          id={`${id}-previous`}
          type="checkbox"
          checked={props.afterPrevious}
          onChange={(event) => props.onChange(timing, event.target.checked)}
        />
        <span>{t('timing.afterPrevious')}</span>
      </label>
      <p className="timing-sentence" aria-live="polite">
        {timingSentence(timing, props.afterPrevious, props.stageName, t)}
      </p>
    </div>
  );
}
