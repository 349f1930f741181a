import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { filtersFromParams, type RunFilters, runsQuery } from './run-query.ts';
import type { RetryResult, Run } from './run-types.ts';

export function useRunFilters(): [RunFilters, (change: Partial<RunFilters>) => void] {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const update = (change: Partial<RunFilters>) => {
    const next = { ...filters, ...change };
    // A robot belongs to one pipeline: choosing another pipeline forgets the robot.
    if (change.pipelineId !== undefined && change.pipelineId !== filters.pipelineId) next.robotId = '';
    const query = new URLSearchParams();
    if (next.statuses.length > 0) query.set('status', next.statuses.join(','));
    if (next.pipelineId !== '') query.set('pipeline', next.pipelineId);
    if (next.robotId !== '') query.set('robot', next.robotId);
    if (next.period !== '') query.set('period', next.period);
    if (next.period === 'custom' && next.from !== '') query.set('from', next.from);
    if (next.period === 'custom' && next.to !== '') query.set('to', next.to);
    setParams(query, { replace: true });
  };
  return [filters, update];
}

export function useRuns(filters: RunFilters, timeZone: string) {
  const query = runsQuery(filters, timeZone);
  return useInfiniteQuery({
    queryKey: ['runs', query],
    queryFn: ({ pageParam }) => api.get<Page<Run>>('/runs', { ...query, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** Retries runs, one or many, through the same command; refused runs come back with a reason. */
export function useRetry() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (ids: readonly string[]): Promise<RetryResult> => {
      if (ids.length === 1 && ids[0] !== undefined) {
        const run = await api.post<Run>(`/runs/${ids[0]}/retry`);
        return { retried: [run], refused: [] };
      }
      return api.post<RetryResult>('/runs/retry', { ids });
    },
    onSettled: () => client.invalidateQueries({ queryKey: ['runs'] }),
  });
}
