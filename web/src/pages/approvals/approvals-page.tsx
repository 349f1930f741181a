import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useSession } from '../../api/session.tsx';
import type { Page } from '../../api/types.ts';
import { Loading, ProblemMessage } from '../../components/status.tsx';
import { ApprovalCard } from './approval-card.tsx';
import type { Approval } from './approval-types.ts';

/**
 * The approvals waiting for the signed-in user, oldest request last; `/approvals/:approvalId`
 * (the link in the approval mail) shows one approval, decided or not.
 */
export default function ApprovalsPage() {
  const { approvalId } = useParams();
  return approvalId === undefined ? <MyApprovals /> : <OneApproval id={approvalId} />;
}

function MyApprovals() {
  const { t } = useTranslation('approvals');
  const userId = useSession().user?.id;
  const list = useQuery({
    queryKey: ['approvals', 'mine', userId],
    queryFn: () => api.get<Page<Approval>>('/approvals', { mine: 1, limit: 200 }),
    enabled: userId !== undefined,
  });
  if (userId === undefined) return <p className="empty">{t('needsUser')}</p>;
  return (
    <section aria-labelledby="approvals-title">
      <div className="page-head">
        <h1 id="approvals-title">{t('title')}</h1>
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ProblemMessage error={list.error} />
      ) : list.data.data.length === 0 ? (
        <p className="empty">{t('none')}</p>
      ) : (
        <div className="approval-list">
          {list.data.data.map((approval) => (
            <ApprovalCard key={approval.id} approval={approval} showItem />
          ))}
        </div>
      )}
    </section>
  );
}

function OneApproval({ id }: { id: string }) {
  const { t } = useTranslation('approvals');
  const approval = useQuery({
    queryKey: ['approvals', 'one', id],
    queryFn: () => api.get<Approval>(`/approvals/${id}`),
  });
  return (
    <section aria-labelledby="approvals-title">
      <div className="page-head">
        <h1 id="approvals-title">{t('one')}</h1>
        <Link to="/approvals">{t('all')}</Link>
      </div>
      {approval.isPending ? (
        <Loading />
      ) : approval.isError ? (
        <ProblemMessage error={approval.error} />
      ) : (
        <ApprovalCard approval={approval.data} showItem />
      )}
    </section>
  );
}
