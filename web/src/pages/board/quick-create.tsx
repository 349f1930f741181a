import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Item, Stage } from '../../api/types.ts';
import { ProblemMessage } from '../../components/status.tsx';
import { invalidateBoards } from './use-board.ts';

/** "+" at the top of a column: a title and an amount make a new item in that stage. */
export function QuickCreate({ pipelineId, stage }: { pipelineId: string; stage: Stage }) {
  const { t } = useTranslation('board');
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [amount, setAmount] = useState('');
  const id = useId();
  const create = useMutation({
    mutationFn: () =>
      api.post<Item>('/items', {
        pipelineId,
        stageId: stage.id,
        title: title.trim(),
        ...(amount.trim() !== '' && { amount: amount.trim().replace(',', '.') }),
      }),
    onSuccess: () => {
      setTitle('');
      setAmount('');
      setOpen(false);
      return invalidateBoards(client, pipelineId);
    },
  });
  if (!open) {
    return (
      <button
        type="button"
        className="quick-create-open button-quiet"
        aria-label={t('create.open', { stage: stage.name })}
        onClick={() => setOpen(true)}
      >
        <span aria-hidden="true">+</span>
      </button>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (title.trim() !== '') create.mutate();
  };
  return (
    <form className="quick-create" onSubmit={submit} aria-label={t('create.form', { stage: stage.name })}>
      <label htmlFor={`${id}-title`}>{t('create.title')}</label>
      <input
        id={`${id}-title`}
        required
        maxLength={500}
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        onKeyDown={(event) => event.key === 'Escape' && setOpen(false)}
        // biome-ignore lint/a11y/noAutofocus: the form opens on request, typing starts here
        autoFocus
      />
      <label htmlFor={`${id}-amount`}>{t('create.amount')}</label>
      <input
        id={`${id}-amount`}
        inputMode="decimal"
        pattern="[0-9]+([.,][0-9]{1,2})?"
        value={amount}
        onChange={(event) => setAmount(event.target.value)}
      />
      {create.isError && <ProblemMessage error={create.error} />}
      <div className="quick-create-actions">
        <button type="button" className="button-quiet" onClick={() => setOpen(false)}>
          {t('common:actions.cancel')}
        </button>
        <button type="submit" className="button-primary" disabled={create.isPending}>
          {t('common:actions.create')}
        </button>
      </div>
    </form>
  );
}
