import { useTranslation } from 'react-i18next';

export interface FieldRow {
  readonly key: string;
  readonly value: string;
}

/** Custom fields as rows of text; JSON values (numbers, true/false, lists) keep their type. */
export function toRows(fields: Readonly<Record<string, unknown>>): FieldRow[] {
  return Object.entries(fields).map(([key, value]) => ({
    key,
    value: typeof value === 'string' ? value : JSON.stringify(value),
  }));
}

export function fromRows(rows: readonly FieldRow[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (key === '') continue;
    fields[key] = parseValue(row.value);
  }
  return fields;
}

function parseValue(text: string): unknown {
  const trimmed = text.trim();
  if (/^(-?\d+(\.\d+)?|true|false|null|\[.*\]|\{.*\})$/s.test(trimmed)) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return text;
    }
  }
  return text;
}

export function CustomFields({ rows, onChange }: { rows: FieldRow[]; onChange: (rows: FieldRow[]) => void }) {
  const { t } = useTranslation('item');
  const update = (index: number, patch: Partial<FieldRow>) =>
    onChange(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="custom-fields">
      <legend>{t('fields.custom')}</legend>
      {rows.map((row, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place while edited
        <div className="custom-field" key={index}>
          <input
            aria-label={t('fields.key', { index: index + 1 })}
            value={row.key}
            onChange={(e) => update(index, { key: e.target.value })}
          />
          <input
            aria-label={t('fields.value', { index: index + 1 })}
            value={row.value}
            onChange={(e) => update(index, { value: e.target.value })}
          />
          <button
            type="button"
            className="button-quiet"
            aria-label={t('fields.remove', { name: row.key || index + 1 })}
            onClick={() => onChange(rows.filter((_, at) => at !== index))}
          >
            <span aria-hidden="true">×</span>
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button-quiet"
        onClick={() => onChange([...rows, { key: '', value: '' }])}
      >
        {t('fields.add')}
      </button>
    </fieldset>
  );
}
