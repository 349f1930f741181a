import { useTranslation } from 'react-i18next';
import type { Words } from './condition-summary.ts';

/** The words of condition summaries (`condition.*` of the automation namespace). */
export function useWords(): Words {
  const { t } = useTranslation('automation');
  return (key, values) => t(`condition.${key}`, values ?? {});
}
