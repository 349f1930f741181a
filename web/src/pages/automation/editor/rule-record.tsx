import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../format.ts';
import type { RuleRecord } from '../automation-types.ts';

const COUNTS = ['fired', 'notMatched', 'skipped', 'failed', 'cancelled'] as const;

/**
 * A rule's last 30 days in one small line: how often it fired, did not match, was skipped, failed
 * or was cancelled (only the counts that are not zero, fired always), and when it last fired.
 * Failures are in the danger colour.
 */
export function RuleRecordLine({ record }: { record: RuleRecord | undefined }) {
  const { t } = useTranslation('automation');
  const format = useFormat();
  if (record === undefined) return null;
  const shown = COUNTS.filter((key) => key === 'fired' || record[key] > 0);
  return (
    <p className="rule-record" data-testid="rule-record">
      <span className="rule-record-period">{t('record.period')}</span>
      {shown.map((key) => (
        <span key={key} className={key === 'failed' ? 'rule-record-failed' : undefined}>
          {t(`record.${key}`, { count: record[key], number: format.number(record[key]) })}
        </span>
      ))}
      {record.lastFiredAt !== null && (
        <span className="rule-record-last">
          {t('record.last', { when: format.dateTime(record.lastFiredAt) })}
        </span>
      )}
    </p>
  );
}
