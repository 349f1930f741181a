import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api } from '../../api/client.ts';
import { Loading, ProblemMessage } from '../../components/status.tsx';
import { useFormat } from '../../format.ts';
import { STATUS_LOOK } from '../runs/run-types.ts';
import { ChartTable } from './chart-table.tsx';
import { DAY_STATUSES, type RunsPerDay } from './stats-types.ts';

/** Runs per day by status over the last days, counted in the user's time zone. */
export function RunsPerDayPanel({ pipelineId, days }: { pipelineId: string | undefined; days: number }) {
  const { t } = useTranslation('dashboard');
  const { t: tr } = useTranslation('runs');
  const format = useFormat();
  const params = { days, timeZone: format.timeZone, pipelineId };
  const stats = useQuery({
    queryKey: ['stats', 'runs-per-day', params],
    queryFn: () => api.get<RunsPerDay>('/stats/runs-per-day', params),
  });
  // Days are calendar dates already in the user's zone: format them as dates, not instants.
  const dayFormat = new Intl.DateTimeFormat(format.locale, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  const longDay = new Intl.DateTimeFormat(format.locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dayLabel = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));
  const rows = stats.data?.days ?? [];
  const total = (status: (typeof DAY_STATUSES)[number]) => rows.reduce((sum, row) => sum + row[status], 0);
  const summary = t('runs.summary', {
    days: format.number(rows.length),
    counts: DAY_STATUSES.map((status) => `${tr(`status.${status}`)}: ${format.number(total(status))}`).join(
      ', ',
    ),
  });
  return (
    <figure className="panel chart-panel" aria-labelledby="runs-chart-title">
      <figcaption>
        <h2 id="runs-chart-title">{t('runs.title', { count: days })}</h2>
        <p className="muted chart-hint">{t('runs.hint', { zone: format.timeZone })}</p>
      </figcaption>
      {stats.isPending ? (
        <Loading />
      ) : stats.isError ? (
        <ProblemMessage error={stats.error} />
      ) : (
        <>
          <div className="chart" role="img" aria-label={summary} style={{ height: 280 }}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart
                data={rows}
                accessibilityLayer={false}
                margin={{ left: -12, right: 8, top: 8, bottom: 0 }}
              >
                <CartesianGrid vertical={false} stroke="#e3e7ee" />
                <XAxis dataKey="day" tickFormatter={dayLabel} tick={{ fontSize: 12 }} minTickGap={8} />
                <YAxis
                  allowDecimals={false}
                  tickFormatter={(value: number) => format.number(value)}
                  tick={{ fontSize: 12 }}
                />
                <Tooltip
                  labelFormatter={(day) => longDay.format(new Date(`${String(day)}T00:00:00Z`))}
                  formatter={(value) => format.number(Number(value))}
                />
                <Legend
                  wrapperStyle={{ fontSize: 13 }}
                  itemSorter={null}
                  formatter={(value) => <span className="legend-text">{value}</span>}
                />
                {DAY_STATUSES.map((status) => (
                  <Bar
                    key={status}
                    dataKey={status}
                    name={tr(`status.${status}`)}
                    stackId="runs"
                    fill={STATUS_LOOK[status].color}
                    isAnimationActive={false}
                  />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
          <ChartTable caption={t('runs.title', { count: days })}>
            <thead>
              <tr>
                <th scope="col">{t('runs.day')}</th>
                {DAY_STATUSES.map((status) => (
                  <th key={status} scope="col">
                    {tr(`status.${status}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.day}>
                  <th scope="row">{longDay.format(new Date(`${row.day}T00:00:00Z`))}</th>
                  {DAY_STATUSES.map((status) => (
                    <td key={status}>{format.number(row[status])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </ChartTable>
        </>
      )}
    </figure>
  );
}
