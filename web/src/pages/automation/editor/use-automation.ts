import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import type { Page, Pipeline } from '../../../api/types.ts';
import type { Catalogue, Guard, Robot, RuleRecord, RuleRecords, Trigger } from '../automation-types.ts';

/** Everything automation of one pipeline is cached under this prefix; invalidate it after a save. */
export const automationKey = (pipelineId: string) => ['automation', pipelineId] as const;

export interface Rules {
  readonly triggers: readonly Trigger[];
  readonly robots: readonly Robot[];
  readonly guards: readonly Guard[];
}

/** The most rules of one kind a pipeline's editor lists (the API's largest page). */
const RULES_PAGE = 200;

export function usePipelines() {
  return useQuery({
    queryKey: ['pipelines'],
    queryFn: () => api.get<Page<Pipeline>>('/pipelines', { limit: 200 }),
  });
}

/** The pipeline's triggers, robots and guards, one key for the three. */
export function useRules(pipelineId: string) {
  return useQuery({
    queryKey: [...automationKey(pipelineId), 'rules'],
    queryFn: async (): Promise<Rules> => {
      const query = { pipelineId, limit: RULES_PAGE };
      const [triggers, robots, guards] = await Promise.all([
        api.get<Page<Trigger>>('/triggers', query),
        api.get<Page<Robot>>('/robots', query),
        api.get<Page<Guard>>('/guards', query),
      ]);
      return { triggers: triggers.data, robots: robots.data, guards: guards.data };
    },
  });
}

export function useCatalogue() {
  return useQuery({
    queryKey: ['catalogue'],
    queryFn: () => api.get<Catalogue>('/catalogue'),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Each rule's last 30 days by rule id; empty while loading or when the server cannot say. */
export function useRecords(pipelineId: string): ReadonlyMap<string, RuleRecord> {
  const records = useQuery({
    queryKey: [...automationKey(pipelineId), 'record'],
    queryFn: () => api.get<RuleRecords>('/rules/record', { pipelineId }),
    retry: false,
  });
  return new Map((records.data?.data ?? []).map((record) => [record.ruleId, record]));
}

/** How many items each stage holds, to offer applying a new rule to them. */
export function useStageCounts(pipelineId: string): ReadonlyMap<string, number> {
  const board = useQuery({
    queryKey: [...automationKey(pipelineId), 'counts'],
    queryFn: () =>
      api.get<{ columns: readonly { stageId: string; count: number }[] }>(`/pipelines/${pipelineId}/board`, {
        limitPerStage: 1,
      }),
  });
  return new Map((board.data?.columns ?? []).map((column) => [column.stageId, column.count]));
}

/** After any change to a pipeline's automation or stages: its rules, records, counts and stages. */
export function useRefreshAutomation(pipelineId: string) {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: automationKey(pipelineId) }),
      client.invalidateQueries({ queryKey: ['pipelines'] }),
      client.invalidateQueries({ queryKey: ['revisions'] }),
    ]);
}
