import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { ProblemMessage } from '../../../components/status.tsx';
import { useRefreshAutomation } from './use-automation.ts';

/** A new open stage at the end of the pipeline. */
export function AddStage({ pipelineId }: { pipelineId: string }) {
  const { t } = useTranslation('automation');
  const refresh = useRefreshAutomation(pipelineId);
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => api.post(`/pipelines/${pipelineId}/stages`, { name: name.trim() }),
    onSuccess: async () => {
      setName('');
      await refresh();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() !== '') create.mutate();
  };
  return (
    <form className="add-stage" onSubmit={submit} aria-label={t('stage.add')}>
      <label>
        {t('stage.newName')}
        <input value={name} onChange={(event) => setName(event.target.value)} maxLength={200} />
      </label>
      <button type="submit" disabled={create.isPending || name.trim() === ''}>
        {t('stage.add')}
      </button>
      {create.isError && <ProblemMessage error={create.error} />}
    </form>
  );
}
