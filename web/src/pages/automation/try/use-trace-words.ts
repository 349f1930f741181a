import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import type { Item } from '../../../api/types.ts';
import { useFormat } from '../../../format.ts';
import { currentLanguage } from '../../../i18n/index.ts';
import type { Catalogue } from '../automation-types.ts';
import type { TraceWords } from './trace-text.ts';

/** The catalogue, read once and shared by every part of the editor. */
export function useCatalogue() {
  return useQuery({
    queryKey: ['catalogue'],
    queryFn: () => api.get<Catalogue>('/catalogue'),
    staleTime: 5 * 60_000,
  });
}

/** An item's summary under the key `ItemLink` shares, so the title and currency are read once. */
export function useItemSummary(itemId: string | null) {
  return useQuery({
    queryKey: ['item', itemId, 'summary'],
    queryFn: () => api.get<Item>(`/items/${itemId}`),
    enabled: itemId !== null,
    staleTime: 60_000,
    retry: false,
  });
}

/** What a trace needs to speak: the facts' labels, the item's currency, the user's formats. */
export function useTraceWords(itemId: string | null): TraceWords {
  const { t } = useTranslation('tryRule');
  const format = useFormat();
  const catalogue = useCatalogue();
  const item = useItemSummary(itemId);
  return {
    facts: catalogue.data?.facts ?? [],
    language: currentLanguage(),
    currency: item.data?.currency ?? null,
    format,
    t,
  };
}
