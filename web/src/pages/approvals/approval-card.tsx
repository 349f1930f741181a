import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useSession } from '../../api/session.tsx';
import { ProblemMessage } from '../../components/status.tsx';
import { useFormat } from '../../format.ts';
import { ItemLink } from '../shared/item-link.tsx';
import { useUserNames } from '../shared/user-names.ts';
import type { Approval } from './approval-types.ts';
import './approvals.css';

/**
 * One approval: what is asked, whose turn it is, what was decided so far (who, when, with what
 * comment) and, for the approver whose turn it is (or an admin), the decision with a comment.
 */
export function ApprovalCard({ approval, showItem }: { approval: Approval; showItem: boolean }) {
  const { t } = useTranslation('approvals');
  const format = useFormat();
  const session = useSession();
  const nameOf = useUserNames();
  const client = useQueryClient();
  const [comment, setComment] = useState('');
  const commentId = useId();
  const decide = useMutation({
    mutationFn: (decision: 'approve' | 'reject') =>
      api.post<Approval>(`/approvals/${approval.id}/decision`, {
        decision,
        ...(comment.trim() !== '' && { comment: comment.trim() }),
      }),
    onSettled: () => client.invalidateQueries({ queryKey: ['approvals'] }),
  });
  const myTurn =
    approval.status === 'pending' &&
    (approval.currentApproverId === session.user?.id || session.role === 'admin');
  return (
    <article className={`approval panel approval-${approval.status}`} aria-label={approval.title}>
      <h2 className="approval-title">{approval.title}</h2>
      <p className="approval-meta">
        <span className={`approval-status status-${approval.status}`}>{t(`status.${approval.status}`)}</span>
        {approval.status === 'pending' && approval.currentApproverId !== null && (
          <span>{t('waitingFor', { name: nameOf(approval.currentApproverId) })}</span>
        )}
        {approval.dueAt !== null && <span>{t('due', { at: format.dateTime(approval.dueAt) })}</span>}
        {showItem && <ItemLink itemId={approval.itemId} />}
      </p>
      {approval.decisions.length > 0 && (
        <ol className="approval-decisions" aria-label={t('history')}>
          {approval.decisions.map((decision) => (
            <li key={`${decision.step}-${decision.at}`}>
              {t(`outcome.${decision.outcome}`, {
                name: nameOf(decision.userId ?? decision.approverId),
                at: format.dateTime(decision.at),
              })}
              {decision.via === 'link' && ` ${t('viaLink')}`}
              {decision.comment !== null && <q className="approval-comment">{decision.comment}</q>}
            </li>
          ))}
        </ol>
      )}
      {myTurn && (
        <form className="approval-decide" onSubmit={(event) => event.preventDefault()}>
          <label htmlFor={commentId}>{t('comment')}</label>
          <textarea
            id={commentId}
            value={comment}
            maxLength={2000}
            onChange={(event) => setComment(event.target.value)}
          />
          <div className="approval-buttons">
            <button type="button" disabled={decide.isPending} onClick={() => decide.mutate('approve')}>
              {t('approve')}
            </button>
            <button
              type="button"
              className="danger"
              disabled={decide.isPending}
              onClick={() => decide.mutate('reject')}
            >
              {t('reject')}
            </button>
          </div>
          {decide.isError && <ProblemMessage error={decide.error} />}
        </form>
      )}
    </article>
  );
}
