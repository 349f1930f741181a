import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A chart's numbers as a table, folded under the chart: the same figures for every reader. */
export function ChartTable({ caption, children }: { caption: string; children: ReactNode }) {
  const { t } = useTranslation('dashboard');
  return (
    <details className="chart-table">
      <summary>{t('showTable')}</summary>
      <div className="table-wrap">
        <table className="data">
          <caption className="visually-hidden">{caption}</caption>
          {children}
        </table>
      </div>
    </details>
  );
}
