import { useMutation } from '@tanstack/react-query';
import { Dialog } from 'radix-ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import type { Pipeline } from '../../../api/types.ts';
import { ProblemMessage } from '../../../components/status.tsx';
import { LEAD_SWITCHES, type LeadSwitches, leadSwitchesOf, settingsWith } from './pipeline-settings.ts';
import { useRefreshAutomation } from './use-automation.ts';

/** Opens the pipeline's own settings: which unknown senders become its leads. */
export function PipelineSettingsButton({ pipeline }: { pipeline: Pipeline }) {
  const { t } = useTranslation('automation');
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        {t('settings.open')}
      </button>
      {open && <PipelineSettingsDialog pipeline={pipeline} onClose={() => setOpen(false)} />}
    </>
  );
}

function PipelineSettingsDialog({ pipeline, onClose }: { pipeline: Pipeline; onClose: () => void }) {
  const { t } = useTranslation('automation');
  const refresh = useRefreshAutomation(pipeline.id);
  const [switches, setSwitches] = useState<LeadSwitches>(() => leadSwitchesOf(pipeline));
  const save = useMutation({
    mutationFn: () =>
      api.patch(`/pipelines/${pipeline.id}`, {
        settings: settingsWith(pipeline, switches),
        version: pipeline.version,
      }),
    onSuccess: async () => {
      await refresh();
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <Dialog.Title>{t('settings.title', { pipeline: pipeline.name })}</Dialog.Title>
          <form className="dialog-form" onSubmit={submit}>
            <fieldset className="lead-switches">
              <legend>{t('settings.leads')}</legend>
              <Dialog.Description className="muted">{t('settings.leadsHint')}</Dialog.Description>
              {LEAD_SWITCHES.map((name) => (
                <label key={name} className="checkbox-label">
                  <input
                    type="checkbox"
                    checked={switches[name]}
                    onChange={(event) => setSwitches({ ...switches, [name]: event.target.checked })}
                  />
                  {t(`settings.${name}`)}
                </label>
              ))}
            </fieldset>
            {save.error && <ProblemMessage error={save.error} />}
            <div className="dialog-actions">
              <Dialog.Close asChild>
                <button type="button">{t('common:actions.cancel')}</button>
              </Dialog.Close>
              <button type="submit" className="button-primary" disabled={save.isPending}>
                {t('common:actions.save')}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
