import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import type { Item } from '../../api/types.ts';

/**
 * A link to an item's card, named by the item's title. The title is read once per item and kept
 * under the item's query key, so a rename reaches every list that shows it.
 */
export function ItemLink({ itemId, title }: { itemId: string; title?: string | null | undefined }) {
  const { t } = useTranslation('lists');
  const item = useQuery({
    queryKey: ['item', itemId, 'summary'],
    queryFn: () => api.get<Item>(`/items/${itemId}`),
    enabled: title == null,
    staleTime: 60_000,
    retry: false,
  });
  const name = title ?? item.data?.title;
  if (item.isError) return <span className="muted">{t('itemGone')}</span>;
  return <Link to={`/items/${itemId}`}>{name ?? t('openItem')}</Link>;
}
