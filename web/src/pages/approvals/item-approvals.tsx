import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { ProblemMessage } from '../../components/status.tsx';
import { ApprovalCard } from './approval-card.tsx';
import type { Approval } from './approval-types.ts';

/** The item card's approvals, newest first; nothing at all when robots asked for none. */
export function ItemApprovals({ itemId }: { itemId: string }) {
  const { t } = useTranslation('approvals');
  const list = useQuery({
    queryKey: ['approvals', 'item', itemId],
    queryFn: () => api.get<Page<Approval>>('/approvals', { itemId, limit: 20 }),
  });
  if (list.isError) return <ProblemMessage error={list.error} />;
  const approvals = list.data?.data ?? [];
  if (approvals.length === 0) return null;
  return (
    <section className="item-approvals" aria-labelledby="item-approvals-title">
      <h2 id="item-approvals-title" className="item-approvals-title">
        {t('ofItem')}
      </h2>
      {approvals.map((approval) => (
        <ApprovalCard key={approval.id} approval={approval} showItem={false} />
      ))}
    </section>
  );
}
