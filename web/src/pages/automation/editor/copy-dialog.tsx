import { useMutation } from '@tanstack/react-query';
import { Dialog } from 'radix-ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import type { Pipeline } from '../../../api/types.ts';
import { ProblemMessage } from '../../../components/status.tsx';
import { copyName, copyRequest, type RuleRef } from './rule-copy.ts';
import { type Rules, useRefreshAutomation } from './use-automation.ts';

interface Props {
  readonly ruleRef: RuleRef;
  readonly pipeline: Pipeline;
  readonly rules: Rules;
  readonly onClose: () => void;
}

/** Copies a rule into another stage of the pipeline, adding "(copy)" only when the name is taken there. */
export function CopyDialog({ ruleRef, pipeline, rules, onClose }: Props) {
  const { t } = useTranslation('automation');
  const refresh = useRefreshAutomation(pipeline.id);
  const stages = [...pipeline.stages].sort((a, b) => a.sort - b.sort);
  const [stageId, setStageId] = useState(
    stages.find((stage) => stage.id !== ruleRef.rule.stageId)?.id ?? ruleRef.rule.stageId,
  );
  const copy = useMutation({
    mutationFn: () => {
      const siblings = { robot: rules.robots, trigger: rules.triggers, guard: rules.guards }[ruleRef.kind];
      const taken = siblings.filter((rule) => rule.stageId === stageId).map((rule) => rule.name);
      const name = copyName(ruleRef.rule.name, taken, t('copy.suffix'));
      const { path, body } = copyRequest(ruleRef, stageId, name);
      return api.post(path, body);
    },
    onSuccess: async () => {
      await refresh();
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    copy.mutate();
  };
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" aria-describedby={undefined}>
          <Dialog.Title>{t('copy.title', { name: ruleRef.rule.name })}</Dialog.Title>
          <form className="dialog-form" onSubmit={submit}>
            <label>
              {t('copy.stage')}
              <select value={stageId} onChange={(event) => setStageId(event.target.value)}>
                {stages.map((stage) => (
                  <option key={stage.id} value={stage.id}>
                    {stage.name}
                  </option>
                ))}
              </select>
            </label>
            {copy.isError && <ProblemMessage error={copy.error} />}
            <div className="dialog-actions">
              <Dialog.Close asChild>
                <button type="button">{t('common:actions.cancel')}</button>
              </Dialog.Close>
              <button type="submit" className="button-primary" disabled={copy.isPending}>
                {t('copy.submit')}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
