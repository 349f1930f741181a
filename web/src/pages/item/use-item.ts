import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { Item, Page, Pipeline } from '../../api/types.ts';

export function useItem(itemId: string) {
  return useQuery({ queryKey: ['item', itemId], queryFn: () => api.get<Item>(`/items/${itemId}`) });
}

/** The item's pipeline with its stages (from the pipelines list every screen shares). */
export function usePipeline(pipelineId: string | undefined): Pipeline | undefined {
  const pipelines = useQuery({
    queryKey: ['pipelines'],
    queryFn: () => api.get<Page<Pipeline>>('/pipelines', { limit: 200 }),
  });
  return pipelines.data?.data.find((pipeline) => pipeline.id === pipelineId);
}

/** A list of the item's documents, payments, tasks or activities. */
export function useItemList<T>(itemId: string, resource: string) {
  return useQuery({
    queryKey: ['item', itemId, resource],
    queryFn: () => api.get<Page<T>>(`/${resource}`, { itemId, limit: 200 }),
  });
}
