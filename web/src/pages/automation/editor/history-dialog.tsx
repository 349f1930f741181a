import { useMutation, useQuery } from '@tanstack/react-query';
import { AlertDialog, Dialog } from 'radix-ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import type { Page } from '../../../api/types.ts';
import { Loading, ProblemMessage } from '../../../components/status.tsx';
import { useFormat } from '../../../format.ts';
import type { Revision } from '../automation-types.ts';
import { changedKeys } from './revision-diff.ts';
import type { RuleRef } from './rule-copy.ts';
import { useRefreshAutomation } from './use-automation.ts';

/** A rule's changes, newest first: who, when, what changed; any one of them can be restored. */
export function HistoryDialog({
  ruleRef,
  canEdit,
  onClose,
}: {
  ruleRef: RuleRef;
  canEdit: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('automation');
  const format = useFormat();
  const [restoring, setRestoring] = useState<Revision | undefined>(undefined);
  const revisions = useQuery({
    queryKey: ['revisions', ruleRef.kind, ruleRef.rule.id],
    queryFn: () =>
      api.get<Page<Revision>>('/revisions', { ruleKind: ruleRef.kind, ruleId: ruleRef.rule.id, limit: 50 }),
  });
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-wide" aria-describedby={undefined}>
          <Dialog.Title>{t('history.title', { name: ruleRef.rule.name })}</Dialog.Title>
          {revisions.isPending && <Loading />}
          {revisions.isError && <ProblemMessage error={revisions.error} />}
          {revisions.data?.data.length === 0 && <p className="empty">{t('history.empty')}</p>}
          <ol className="revisions">
            {revisions.data?.data.map((revision) => (
              <li key={revision.id} className="revision">
                <div className="revision-head">
                  <span className="pill">{t(`history.change.${revision.change}`)}</span>
                  <span>{revision.actor.name}</span>
                  <time dateTime={revision.at} className="muted">
                    {format.dateTime(revision.at)}
                  </time>
                  <span className="muted">{t('history.version', { version: revision.version })}</span>
                  {canEdit && revision.after !== null && (
                    <button type="button" className="revision-restore" onClick={() => setRestoring(revision)}>
                      {t('history.restore')}
                    </button>
                  )}
                </div>
                <ul className="revision-changes">
                  {changedKeys(revision.before, revision.after).map((change) => (
                    <li key={change.key}>
                      <code>{change.key}</code> <span className="revision-before">{change.before}</span>{' '}
                      <span aria-hidden="true">→</span>
                      <span className="visually-hidden">{t('history.to')}</span>{' '}
                      <span className="revision-after">{change.after}</span>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
          <div className="dialog-actions">
            <Dialog.Close asChild>
              <button type="button">{t('common:actions.close')}</button>
            </Dialog.Close>
          </div>
          {restoring !== undefined && (
            <RestoreConfirm
              revision={restoring}
              name={ruleRef.rule.name}
              onClose={(restored) => (restored ? onClose() : setRestoring(undefined))}
            />
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function RestoreConfirm({
  revision,
  name,
  onClose,
}: {
  revision: Revision;
  name: string;
  onClose: (restored: boolean) => void;
}) {
  const { t } = useTranslation('automation');
  const format = useFormat();
  const refresh = useRefreshAutomation(revision.pipelineId);
  const restore = useMutation({
    mutationFn: () => api.post(`/revisions/${revision.id}/restore`),
    onSuccess: async () => {
      await refresh();
      onClose(true);
    },
  });
  return (
    <AlertDialog.Root open onOpenChange={(open) => !open && onClose(false)}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay dialog-overlay-top" />
        <AlertDialog.Content className="dialog dialog-top">
          <AlertDialog.Title>{t('history.confirmTitle', { name })}</AlertDialog.Title>
          <AlertDialog.Description>
            {t('history.confirm', { version: revision.version, when: format.dateTime(revision.at) })}
          </AlertDialog.Description>
          {restore.isError && <ProblemMessage error={restore.error} />}
          <div className="dialog-actions">
            <AlertDialog.Cancel asChild>
              <button type="button">{t('common:actions.cancel')}</button>
            </AlertDialog.Cancel>
            <button
              type="button"
              className="button-primary"
              disabled={restore.isPending}
              onClick={() => restore.mutate()}
            >
              {t('history.restore')}
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
