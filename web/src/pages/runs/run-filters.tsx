import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Page, Pipeline } from '../../api/types.ts';
import { activeFilters, PERIODS, type Period, type RunFilters } from './run-query.ts';
import { RUN_STATUSES, type RunStatus, STATUS_LOOK } from './run-types.ts';

interface RobotName {
  readonly id: string;
  readonly name: string;
}

export function usePipelines() {
  return useQuery({
    queryKey: ['pipelines'],
    queryFn: () => api.get<Page<Pipeline>>('/pipelines', { limit: 200 }),
  });
}

/** Status (several at once), pipeline, robot and a range of days; every change goes to the address. */
export function RunFiltersBar({
  filters,
  onChange,
}: {
  filters: RunFilters;
  onChange: (change: Partial<RunFilters>) => void;
}) {
  const { t } = useTranslation('runs');
  const pipelines = usePipelines();
  const robots = useQuery({
    queryKey: ['robots', filters.pipelineId],
    queryFn: () =>
      api.get<Page<RobotName>>('/robots', { pipelineId: filters.pipelineId || undefined, limit: 200 }),
  });
  const toggle = (status: RunStatus, on: boolean) =>
    onChange({
      statuses: on
        ? RUN_STATUSES.filter((s) => s === status || filters.statuses.includes(s))
        : filters.statuses.filter((s) => s !== status),
    });
  const active = activeFilters(filters);
  // Open on wide screens; on a phone the list comes first and the filters open on demand.
  const [open, setOpen] = useState(() => window.matchMedia('(min-width: 721px)').matches);
  return (
    <search className="panel run-filters">
      <details open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>
          {t('filters.label')}
          {active > 0 && <span className="filter-count">{t('filters.active', { count: active })}</span>}
        </summary>
        <fieldset className="status-filter">
          <legend>{t('filters.status')}</legend>
          {RUN_STATUSES.map((status) => (
            <label key={status} className={`status-choice ${STATUS_LOOK[status].pill}`}>
              <input
                type="checkbox"
                checked={filters.statuses.includes(status)}
                onChange={(event) => toggle(status, event.target.checked)}
              />
              {t(`status.${status}`)}
            </label>
          ))}
        </fieldset>
        <div className="filter-fields">
          <label>
            {t('filters.pipeline')}
            <select
              value={filters.pipelineId}
              onChange={(event) => onChange({ pipelineId: event.target.value })}
            >
              <option value="">{t('filters.allPipelines')}</option>
              {pipelines.data?.data.map((pipeline) => (
                <option key={pipeline.id} value={pipeline.id}>
                  {pipeline.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('filters.robot')}
            <select value={filters.robotId} onChange={(event) => onChange({ robotId: event.target.value })}>
              <option value="">{t('filters.allRobots')}</option>
              {robots.data?.data.map((robot) => (
                <option key={robot.id} value={robot.id}>
                  {robot.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('filters.period')}
            <select
              value={filters.period}
              onChange={(event) => onChange({ period: event.target.value as Period })}
            >
              {PERIODS.map((period) => (
                <option key={period} value={period}>
                  {t(`filters.periods.${period || 'any'}`)}
                </option>
              ))}
            </select>
          </label>
          {filters.period === 'custom' && (
            <>
              <label>
                {t('filters.from')}
                <input
                  type="date"
                  value={filters.from}
                  max={filters.to || undefined}
                  onChange={(event) => onChange({ from: event.target.value })}
                />
              </label>
              <label>
                {t('filters.to')}
                <input
                  type="date"
                  value={filters.to}
                  min={filters.from || undefined}
                  onChange={(event) => onChange({ to: event.target.value })}
                />
              </label>
            </>
          )}
          {active > 0 && (
            <button
              type="button"
              className="button-quiet"
              onClick={() =>
                onChange({ statuses: [], pipelineId: '', robotId: '', period: '', from: '', to: '' })
              }
            >
              {t('filters.clear')}
            </button>
          )}
        </div>
      </details>
    </search>
  );
}
