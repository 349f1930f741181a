import { useTranslation } from 'react-i18next';
import type { ProblemField } from '../../../api/client.ts';
import type { CatalogueEventType } from '../automation-types.ts';
import { errorsAt, fieldId } from './field-errors.ts';
import { FieldFrame } from './field-frame.tsx';

/** The trigger's event type: those from outside, then those Stageflow records itself; its description as help. */
export function EventTypeSelect(props: {
  idPrefix: string;
  eventTypes: readonly CatalogueEventType[];
  value: string;
  onChange(type: string): void;
  errors: readonly ProblemField[] | undefined;
}) {
  const { t, i18n } = useTranslation('ruleForm');
  const russian = (i18n.resolvedLanguage ?? 'en').startsWith('ru');
  const chosen = props.eventTypes.find((type) => type.type === props.value);
  const text = (type: CatalogueEventType) =>
    `${russian ? type.description.ru : type.description.en} · ${type.type}`;
  const groups = [
    ['trigger.external', props.eventTypes.filter((type) => !type.internal)],
    ['trigger.internal', props.eventTypes.filter((type) => type.internal)],
  ] as const;
  return (
    <FieldFrame
      id={fieldId(props.idPrefix, '/eventType')}
      label={t('trigger.eventType')}
      required
      help={chosen === undefined ? undefined : russian ? chosen.description.ru : chosen.description.en}
      errors={errorsAt(props.errors, '/eventType')}
    >
      {(control) => (
        <select {...control} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
          <option value="" disabled>
            {t('choose')}
          </option>
          {chosen === undefined && props.value !== '' && <option value={props.value}>{props.value}</option>}
          {groups.map(([label, types]) => (
            <optgroup key={label} label={t(label)}>
              {types.map((type) => (
                <option key={type.type} value={type.type}>
                  {text(type)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}
