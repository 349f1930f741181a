import { useQuery } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { api } from '../../../api/client.ts';
import type { Page, Pipeline, User } from '../../../api/types.ts';
import type { Catalogue, PipelineField, Timing, WorkScope } from '../automation-types.ts';

/** The catalogue: event types, actions, facts and operators; it changes only with a new version. */
export function useCatalogue() {
  return useQuery({
    queryKey: ['catalogue'],
    queryFn: () => api.get<Catalogue>('/catalogue'),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Custom fields in use on the pipeline's items and contacts (the list, or a page of it). */
export function usePipelineFields(pipelineId: string | undefined) {
  return useQuery({
    queryKey: ['automation', pipelineId, 'fields'],
    queryFn: async (): Promise<readonly PipelineField[]> => {
      const answer = await api.get<readonly PipelineField[] | { data: readonly PipelineField[] }>(
        `/pipelines/${pipelineId}/fields`,
      );
      return Array.isArray(answer) ? answer : (answer as { data: readonly PipelineField[] }).data;
    },
    enabled: pipelineId !== undefined,
  });
}

export function useUsers() {
  return useQuery({
    queryKey: ['users', 'active'],
    queryFn: () => api.get<Page<User>>('/users', { limit: 200 }),
  });
}

/**
 * What the parts of a rule form share without passing it through every schema node: the pipeline
 * (its stages and custom fields) and the sample event templates may read.
 */
export interface RuleFormContextValue {
  readonly pipeline: Pipeline;
  readonly event?: { readonly type: string; readonly data: Readonly<Record<string, unknown>> };
  /** The task or meeting a robot is timed against: its templates may name it. */
  readonly work?: WorkScope | undefined;
  /** A robot's timing, sent with template previews so they read that task or meeting. */
  readonly timing?: Timing | undefined;
}

export const RuleFormContext = createContext<RuleFormContextValue | undefined>(undefined);

export const useRuleFormContext = (): RuleFormContextValue | undefined => useContext(RuleFormContext);
