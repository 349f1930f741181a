import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Loading, ProblemMessage } from '../../components/status.tsx';
import { usePipelines } from '../runs/run-filters.tsx';
import { FunnelPanel } from './funnel-chart.tsx';
import { RuleAlerts } from './rule-alerts.tsx';
import { RunsPerDayPanel } from './runs-chart.tsx';
import './dashboard.css';

const PERIODS = [7, 14, 30] as const;

/**
 * Rules that need a look, then a pipeline's funnel and what the robots did per day; the choices
 * stay in the address.
 */
export default function DashboardPage() {
  const { t } = useTranslation('dashboard');
  const [params, setParams] = useSearchParams();
  const pipelines = usePipelines();
  const list = pipelines.data?.data ?? [];
  const chosen = list.find((pipeline) => pipeline.id === params.get('pipeline')) ?? list[0];
  const days = PERIODS.find((period) => String(period) === params.get('days')) ?? 14;
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };
  if (pipelines.isPending) return <Loading />;
  if (pipelines.isError) return <ProblemMessage error={pipelines.error} />;
  return (
    <section aria-labelledby="dashboard-title">
      <div className="page-head">
        <h1 id="dashboard-title">{t('title')}</h1>
        <div className="toolbar dashboard-choices">
          <label>
            {t('pipeline')}
            <select value={chosen?.id ?? ''} onChange={(event) => set('pipeline', event.target.value)}>
              {list.map((pipeline) => (
                <option key={pipeline.id} value={pipeline.id}>
                  {pipeline.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('period')}
            <select value={days} onChange={(event) => set('days', event.target.value)}>
              {PERIODS.map((period) => (
                <option key={period} value={period}>
                  {t('lastDays', { count: period })}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <RuleAlerts />
      {chosen === undefined ? (
        <p className="empty">{t('noPipelines')}</p>
      ) : (
        <div className="dashboard-grid">
          <FunnelPanel pipelineId={chosen.id} pipelineName={chosen.name} />
          <RunsPerDayPanel pipelineId={chosen.id} days={days} />
        </div>
      )}
    </section>
  );
}
