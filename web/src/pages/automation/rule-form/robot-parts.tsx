import { useTranslation } from 'react-i18next';
import type { ProblemField } from '../../../api/client.ts';
import type { Catalogue, RetryPolicy, RobotDraft } from '../automation-types.ts';
import { DurationInput } from './duration-input.tsx';
import { errorsAt, fieldId } from './field-errors.ts';
import { FieldFrame } from './field-frame.tsx';
import { SchemaForm } from './schema-form.tsx';
import { humanize, initialValue } from './schema-nodes.ts';

/** The robot's action: its type (with what it does) and its params, a form from the action's schema. */
export function ActionEditor(props: {
  catalogue: Catalogue | undefined;
  action: RobotDraft['action'];
  onChange(action: RobotDraft['action']): void;
  idPrefix: string;
  errors: readonly ProblemField[] | undefined;
  previewItemId: string | null;
}) {
  const { t, i18n } = useTranslation('ruleForm');
  const russian = (i18n.resolvedLanguage ?? 'en').startsWith('ru');
  const actions = props.catalogue?.actions ?? [];
  const chosen = actions.find((action) => action.type === props.action.type);
  const description =
    chosen === undefined ? undefined : russian ? chosen.description.ru : chosen.description.en;
  return (
    <>
      <FieldFrame
        id={fieldId(props.idPrefix, '/action/type')}
        label={t('robot.action')}
        required
        help={description}
        errors={[...errorsAt(props.errors, '/action'), ...errorsAt(props.errors, '/action/type')]}
      >
        {(control) => (
          <select
            {...control}
            value={props.action.type}
            onChange={(event) => {
              const next = actions.find((action) => action.type === event.target.value);
              props.onChange({
                type: event.target.value,
                params: (next === undefined ? {} : initialValue(next.paramsSchema)) as Readonly<
                  Record<string, unknown>
                >,
              });
            }}
          >
            <option value="" disabled>
              {t('choose')}
            </option>
            {chosen === undefined && props.action.type !== '' && (
              <option value={props.action.type}>{props.action.type}</option>
            )}
            {actions.map((action) => (
              <option key={action.type} value={action.type}>
                {t(`actionNames.${action.type}`, { defaultValue: humanize(action.type) })}
              </option>
            ))}
          </select>
        )}
      </FieldFrame>
      {chosen?.outsideEffects === true && <p className="field-help">{t('robot.outside')}</p>}
      {chosen !== undefined && (
        <SchemaForm
          key={chosen.type}
          schema={chosen.paramsSchema}
          value={props.action.params}
          onChange={(params) =>
            props.onChange({ ...props.action, params: params as Readonly<Record<string, unknown>> })
          }
          errors={props.errors ?? []}
          pointer="/action/params"
          templateParams={chosen.templateParams}
          previewItemId={props.previewItemId}
          idPrefix={props.idPrefix}
        />
      )}
    </>
  );
}

/** Repeat and retry: once per entry or per item; attempts and the backoff's first and longest delay. */
export function RetryEditor(props: {
  repeat: RobotDraft['repeat'];
  retry: RetryPolicy;
  onChange(repeat: RobotDraft['repeat'], retry: RetryPolicy): void;
  idPrefix: string;
  errors: readonly ProblemField[] | undefined;
}) {
  const { t } = useTranslation('ruleForm');
  const units = ['seconds', 'minutes', 'hours'] as const;
  return (
    <div className="retry-editor">
      <FieldFrame
        id={fieldId(props.idPrefix, '/repeat')}
        label={t('robot.repeat')}
        errors={errorsAt(props.errors, '/repeat')}
      >
        {(control) => (
          <select
            {...control}
            value={props.repeat}
            onChange={(event) => props.onChange(event.target.value as RobotDraft['repeat'], props.retry)}
          >
            <option value="every-entry">{t('robot.repeatEvery')}</option>
            <option value="once-per-item">{t('robot.repeatOnce')}</option>
          </select>
        )}
      </FieldFrame>
      <fieldset className="retry-policy">
        <legend>{t('robot.retry')}</legend>
        <p className="field-help">{t('robot.retryHelp')}</p>
        <FieldFrame
          id={fieldId(props.idPrefix, '/retry/maxAttempts')}
          label={t('robot.attempts')}
          errors={errorsAt(props.errors, '/retry/maxAttempts')}
        >
          {(control) => (
            <input
              type="number"
              min={1}
              max={20}
              step={1}
              {...control}
              value={props.retry.maxAttempts}
              onChange={(event) =>
                props.onChange(props.repeat, { ...props.retry, maxAttempts: Number(event.target.value) })
              }
            />
          )}
        </FieldFrame>
        <DurationInput
          id={fieldId(props.idPrefix, '/retry/initialDelay')}
          label={t('robot.initialDelay')}
          value={props.retry.initialDelay}
          units={units}
          onChange={(initialDelay) => props.onChange(props.repeat, { ...props.retry, initialDelay })}
          errors={errorsAt(props.errors, '/retry/initialDelay')}
        />
        <DurationInput
          id={fieldId(props.idPrefix, '/retry/maxDelay')}
          label={t('robot.maxDelay')}
          value={props.retry.maxDelay}
          units={units}
          onChange={(maxDelay) => props.onChange(props.repeat, { ...props.retry, maxDelay })}
          errors={errorsAt(props.errors, '/retry/maxDelay')}
        />
      </fieldset>
    </div>
  );
}
