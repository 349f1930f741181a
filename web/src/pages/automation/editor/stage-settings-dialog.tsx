import { useMutation } from '@tanstack/react-query';
import { Dialog } from 'radix-ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import type { Pipeline, Stage, StageSemantics } from '../../../api/types.ts';
import { ProblemMessage } from '../../../components/status.tsx';
import { swapped } from './stage-order.ts';
import { useRefreshAutomation } from './use-automation.ts';

const SEMANTICS: readonly StageSemantics[] = ['open', 'won', 'lost'];
const DEFAULT_COLOR = '#2453d6';

interface Props {
  readonly pipeline: Pipeline;
  readonly stage: Stage;
  readonly onClose: () => void;
}

/** A stage's name, colour and meaning, and its place among the pipeline's stages. */
export function StageSettingsDialog({ pipeline, stage, onClose }: Props) {
  const { t } = useTranslation('automation');
  const refresh = useRefreshAutomation(pipeline.id);
  const [name, setName] = useState(stage.name);
  const [color, setColor] = useState<string | null>(stage.color ?? null);
  const [semantics, setSemantics] = useState<StageSemantics>(stage.semantics);
  const stages = [...pipeline.stages].sort((a, b) => a.sort - b.sort);
  const index = stages.findIndex((entry) => entry.id === stage.id);
  const save = useMutation({
    mutationFn: () => api.patch(`/pipelines/${pipeline.id}/stages/${stage.id}`, { name, color, semantics }),
    onSuccess: async () => {
      await refresh();
      onClose();
    },
  });
  const move = useMutation({
    mutationFn: (step: -1 | 1) =>
      api.put(`/pipelines/${pipeline.id}/stages/order`, { stageIds: swapped(stages, index, step) }),
    onSuccess: () => refresh(),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" aria-describedby={undefined}>
          <Dialog.Title>{t('stage.title', { stage: stage.name })}</Dialog.Title>
          <form className="dialog-form" onSubmit={submit}>
            <label>
              {t('stage.name')}
              <input
                value={name}
                onChange={(event) => setName(event.target.value)}
                required
                maxLength={200}
              />
            </label>
            <div className="stage-color-row">
              <label>
                {t('stage.color')}
                <input
                  type="color"
                  value={color ?? DEFAULT_COLOR}
                  onChange={(event) => setColor(event.target.value)}
                />
              </label>
              <button
                type="button"
                className="button-quiet"
                onClick={() => setColor(null)}
                disabled={color === null}
              >
                {t('stage.noColor')}
              </button>
            </div>
            <label>
              {t('stage.semantics')}
              <select
                value={semantics}
                onChange={(event) => setSemantics(event.target.value as StageSemantics)}
              >
                {SEMANTICS.map((value) => (
                  <option key={value} value={value}>
                    {t(`semantics.${value}`)}
                  </option>
                ))}
              </select>
            </label>
            <fieldset className="stage-order">
              <legend>{t('stage.order', { position: index + 1, count: stages.length })}</legend>
              <button type="button" disabled={index <= 0 || move.isPending} onClick={() => move.mutate(-1)}>
                {t('stage.moveLeft')}
              </button>
              <button
                type="button"
                disabled={index >= stages.length - 1 || move.isPending}
                onClick={() => move.mutate(1)}
              >
                {t('stage.moveRight')}
              </button>
            </fieldset>
            {(save.error ?? move.error) && <ProblemMessage error={save.error ?? move.error} />}
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
