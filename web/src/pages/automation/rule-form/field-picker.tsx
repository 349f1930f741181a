import { useTranslation } from 'react-i18next';
import type { FieldOption } from './condition-facts.ts';
import type { ControlProps } from './field-frame.tsx';

/** The short part of a fact's description, for a select's option. */
export function shortDescription(text: string): string {
  const cut = text.split(/[;:(]| - /)[0]?.trim() ?? text;
  return cut.length > 48 ? `${cut.slice(0, 47)}…` : cut;
}

/** The fields of a condition grouped as the catalogue groups them (item, contact, people, …). */
export function FieldPicker(props: {
  control: ControlProps;
  fields: readonly FieldOption[];
  value: string;
  language: string;
  onChange(path: string): void;
  filter?: (option: FieldOption) => boolean;
}) {
  const { t } = useTranslation('ruleForm');
  const shown = props.fields.filter((option) => props.filter?.(option) ?? true);
  const groups = [...new Set(shown.map((option) => option.group))];
  const russian = props.language.startsWith('ru');
  const text = (option: FieldOption): string => {
    const description = option.description;
    const words = typeof description === 'string' ? description : russian ? description?.ru : description?.en;
    return words === undefined || words === '' ? option.path : `${shortDescription(words)} · ${option.path}`;
  };
  return (
    <select {...props.control} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
      {props.value === '' && <option value="">{t('choose')}</option>}
      {props.value !== '' && !shown.some((option) => option.path === props.value) && (
        <option value={props.value}>{props.value}</option>
      )}
      {groups.map((group) => (
        <optgroup key={group} label={t(`condition.groups.${group}`, { defaultValue: group })}>
          {shown
            .filter((option) => option.group === group)
            .map((option) => (
              <option key={option.path} value={option.path}>
                {text(option)}
              </option>
            ))}
        </optgroup>
      ))}
    </select>
  );
}
