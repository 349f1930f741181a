import { useMutation } from '@tanstack/react-query';
import { AlertDialog } from 'radix-ui';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { ProblemMessage } from '../../../components/status.tsx';
import { RULE_PATH, type RuleRef } from './rule-copy.ts';
import { useRefreshAutomation } from './use-automation.ts';

/** Asks before a rule is deleted; its history keeps it, so it can be restored. */
export function DeleteDialog({ ruleRef, onClose }: { ruleRef: RuleRef; onClose: () => void }) {
  const { t } = useTranslation('automation');
  const refresh = useRefreshAutomation(ruleRef.rule.pipelineId);
  const remove = useMutation({
    mutationFn: () => api.delete(`${RULE_PATH[ruleRef.kind]}/${ruleRef.rule.id}`),
    onSuccess: async () => {
      await refresh();
      onClose();
    },
  });
  return (
    <AlertDialog.Root open onOpenChange={(open) => !open && onClose()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog">
          <AlertDialog.Title>
            {t(`delete.title.${ruleRef.kind}`, { name: ruleRef.rule.name })}
          </AlertDialog.Title>
          <AlertDialog.Description>{t('delete.description')}</AlertDialog.Description>
          {remove.isError && <ProblemMessage error={remove.error} />}
          <div className="dialog-actions">
            <AlertDialog.Cancel asChild>
              <button type="button">{t('common:actions.cancel')}</button>
            </AlertDialog.Cancel>
            <button
              type="button"
              className="button-danger"
              disabled={remove.isPending}
              onClick={() => remove.mutate()}
            >
              {t('common:actions.delete')}
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
