import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { api } from '../../api/client.ts';
import { Loading, ProblemMessage } from '../../components/status.tsx';
import { useFormat } from '../../format.ts';
import { ChartTable } from './chart-table.tsx';
import type { Funnel, FunnelStage } from './stats-types.ts';

const REACHED = '#b8c9f3';
const CURRENT: Record<FunnelStage['semantics'], string> = {
  open: '#2453d6',
  won: '#2e8b57',
  lost: '#8a94a6',
};

/** Items per stage of one pipeline: how many reached it, how many are there now, the conversion. */
export function FunnelPanel({ pipelineId, pipelineName }: { pipelineId: string; pipelineName: string }) {
  const { t } = useTranslation('dashboard');
  const format = useFormat();
  const params = { pipelineId };
  const funnel = useQuery({
    queryKey: ['stats', 'funnel', params],
    queryFn: () => api.get<Funnel>('/stats/funnel', params),
  });
  const percent = (value: number | null) =>
    value === null ? '' : format.number(value, { style: 'percent', maximumFractionDigits: 0 });
  const stages = funnel.data?.stages ?? [];
  const rows = stages.map((stage) => ({ ...stage, label: percent(stage.conversion) }));
  const height = Math.max(160, rows.length * 44 + 40);
  const summary = t('funnel.summary', {
    pipeline: pipelineName,
    stages: stages
      .map((stage) =>
        t('funnel.stageSummary', {
          name: stage.name,
          reached: format.number(stage.reached),
          current: format.number(stage.current),
        }),
      )
      .join('; '),
  });
  return (
    <figure className="panel chart-panel" aria-labelledby="funnel-title">
      <figcaption>
        <h2 id="funnel-title">{t('funnel.title', { pipeline: pipelineName })}</h2>
        <p className="muted chart-hint">{t('funnel.hint')}</p>
      </figcaption>
      {funnel.isPending ? (
        <Loading />
      ) : funnel.isError ? (
        <ProblemMessage error={funnel.error} />
      ) : stages.length === 0 ? (
        <p className="empty">{t('funnel.none')}</p>
      ) : (
        <>
          <div className="chart-legend" aria-hidden="true">
            <span>
              <i style={{ background: REACHED }} />
              {t('funnel.reached')}
            </span>
            <span>
              <i style={{ background: CURRENT.open }} />
              {t('funnel.current')}
            </span>
          </div>
          <div className="chart" role="img" aria-label={summary} style={{ height }}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart
                data={rows}
                layout="vertical"
                accessibilityLayer={false}
                barGap={-18}
                margin={{ left: 4, right: 48, top: 4, bottom: 4 }}
              >
                <CartesianGrid horizontal={false} stroke="#e3e7ee" />
                <XAxis
                  type="number"
                  allowDecimals={false}
                  tick={{ fontSize: 12 }}
                  tickFormatter={(value: number) => format.number(value)}
                />
                <YAxis type="category" dataKey="name" width={112} tick={{ fontSize: 12 }} interval={0} />
                <Bar dataKey="reached" fill={REACHED} barSize={18} isAnimationActive={false}>
                  <LabelList dataKey="label" position="right" fontSize={12} fill="#4f5b6e" />
                </Bar>
                <Bar dataKey="current" barSize={18} isAnimationActive={false}>
                  {rows.map((row) => (
                    <Cell key={row.stageId} fill={CURRENT[row.semantics]} />
                  ))}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </div>
          <ChartTable caption={t('funnel.title', { pipeline: pipelineName })}>
            <thead>
              <tr>
                <th scope="col">{t('funnel.stage')}</th>
                <th scope="col">{t('funnel.reached')}</th>
                <th scope="col">{t('funnel.current')}</th>
                <th scope="col">{t('funnel.conversion')}</th>
              </tr>
            </thead>
            <tbody>
              {stages.map((stage) => (
                <tr key={stage.stageId}>
                  <th scope="row">{stage.name}</th>
                  <td>{format.number(stage.reached)}</td>
                  <td>{format.number(stage.current)}</td>
                  <td>{stage.conversion === null ? '—' : percent(stage.conversion)}</td>
                </tr>
              ))}
            </tbody>
          </ChartTable>
        </>
      )}
    </figure>
  );
}
