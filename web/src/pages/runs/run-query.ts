import { dayOf, nextDay, shiftDay, startOfDay } from '../shared/zoned-time.ts';
import { RUN_STATUSES, type RunStatus } from './run-types.ts';

export const PERIODS = ['', 'today', '7d', '30d', 'custom'] as const;
export type Period = (typeof PERIODS)[number];

/** The runs page's filters, kept in the address so a filtered view can be shared or reloaded. */
export interface RunFilters {
  readonly statuses: readonly RunStatus[];
  readonly pipelineId: string;
  readonly robotId: string;
  /** Any time (''), the last days up to today, or the days from/to. */
  readonly period: Period;
  /** Calendar days in the user's time zone, both included ("2026-12-01"), for a custom period. */
  readonly from: string;
  readonly to: string;
}

/** The filters an address asks for; anything unknown in it is ignored. */
export function filtersFromParams(params: URLSearchParams): RunFilters {
  return {
    statuses: (params.get('status') ?? '')
      .split(',')
      .filter((status): status is RunStatus => (RUN_STATUSES as readonly string[]).includes(status)),
    pipelineId: params.get('pipeline') ?? '',
    robotId: params.get('robot') ?? '',
    period: PERIODS.find((period) => period === params.get('period')) ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
}

/** How many filters narrow the list (the statuses count as one). */
export function activeFilters(filters: RunFilters): number {
  const narrowing = [filters.pipelineId, filters.robotId, filters.period].filter((value) => value !== '');
  return (filters.statuses.length > 0 ? 1 : 0) + narrowing.length;
}

const PERIOD_DAYS: Partial<Record<Period, number>> = { today: 1, '7d': 7, '30d': 30 };

const PAGE_SIZE = 50;

/** The API query for the filters: days become instants in the user's zone; failed runs first. */
export function runsQuery(filters: RunFilters, timeZone: string, now: number = Date.now()) {
  const days = PERIOD_DAYS[filters.period];
  const today = dayOf(now, timeZone);
  const [from, to] =
    days !== undefined
      ? [shiftDay(today, 1 - days), today]
      : filters.period === 'custom'
        ? [filters.from, filters.to]
        : ['', ''];
  return {
    status: filters.statuses.length > 0 ? filters.statuses.join(',') : undefined,
    pipelineId: filters.pipelineId || undefined,
    robotId: filters.robotId || undefined,
    from: from === '' ? undefined : startOfDay(from, timeZone),
    to: to === '' ? undefined : startOfDay(nextDay(to), timeZone),
    order: 'failed-first',
    limit: PAGE_SIZE,
  };
}
