import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import { useCan } from '../../api/session.tsx';
import type { Item, Page, User } from '../../api/types.ts';
import { ProblemMessage } from '../../components/status.tsx';
import { CustomFields, type FieldRow, fromRows, toRows } from './custom-fields.tsx';

interface Draft {
  title: string;
  amount: string;
  currency: string;
  responsibleId: string;
  fields: FieldRow[];
}

const draftOf = (item: Item): Draft => ({
  title: item.title,
  amount: item.amount,
  currency: item.currency,
  responsibleId: item.responsibleId ?? '',
  fields: toRows(item.fields),
});

/**
 * The item's own fields. Saving sends the version the form was opened with: if someone changed
 * the item meanwhile the server refuses (409) and the form offers to load their version.
 */
export function ItemFields({ item }: { item: Item }) {
  const { t } = useTranslation('item');
  const client = useQueryClient();
  const canWrite = useCan('manager');
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(item));
  const [base, setBase] = useState(item);
  // Untouched, the form follows the item (a move or another user's save); edited, it keeps the
  // version it started from, so saving over someone else's change is refused, not silent.
  useEffect(() => {
    if (item.version === base.version) return;
    if (JSON.stringify(draft) !== JSON.stringify(draftOf(base))) return;
    setBase(item);
    setDraft(draftOf(item));
  }, [item, base, draft]);
  const users = useQuery({
    queryKey: ['users', 'active'],
    queryFn: () => api.get<Page<User>>('/users', { limit: 200 }),
  });
  const save = useMutation({
    mutationFn: () =>
      api.patch<Item>(`/items/${item.id}`, {
        title: draft.title.trim(),
        amount: draft.amount.trim().replace(',', '.'),
        currency: draft.currency.trim().toUpperCase(),
        responsibleId: draft.responsibleId === '' ? null : draft.responsibleId,
        fields: fromRows(draft.fields),
        version: base.version,
      }),
    onSuccess: (saved) => {
      client.setQueryData(['item', item.id], saved);
      setBase(saved);
      setDraft(draftOf(saved));
      return client.invalidateQueries({ queryKey: ['board', item.pipelineId] });
    },
  });
  const conflict = save.error instanceof ApiError && save.error.status === 409;
  // Their version straight from the server: the stream's refresh may not have come yet.
  const reload = async () => {
    const fresh = await api.get<Item>(`/items/${item.id}`);
    client.setQueryData(['item', item.id], fresh);
    setBase(fresh);
    setDraft(draftOf(fresh));
    save.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  return (
    <form className="item-fields" onSubmit={submit} aria-label={t('fields.title')}>
      <fieldset disabled={!canWrite || save.isPending}>
        <label htmlFor={`${id}-title`}>{t('fields.name')}</label>
        <input
          id={`${id}-title`}
          required
          maxLength={500}
          value={draft.title}
          onChange={(e) => set({ title: e.target.value })}
        />
        <div className="item-fields-row">
          <div>
            <label htmlFor={`${id}-amount`}>{t('amount')}</label>
            <input
              id={`${id}-amount`}
              inputMode="decimal"
              required
              pattern="[0-9]+([.,][0-9]{1,2})?"
              value={draft.amount}
              onChange={(e) => set({ amount: e.target.value })}
            />
          </div>
          <div>
            <label htmlFor={`${id}-currency`}>{t('fields.currency')}</label>
            <input
              id={`${id}-currency`}
              required
              pattern="[A-Za-z]{3}"
              maxLength={3}
              size={4}
              value={draft.currency}
              onChange={(e) => set({ currency: e.target.value })}
            />
          </div>
        </div>
        <label htmlFor={`${id}-responsible`}>{t('fields.responsible')}</label>
        <select
          id={`${id}-responsible`}
          value={draft.responsibleId}
          onChange={(e) => set({ responsibleId: e.target.value })}
        >
          <option value="">{t('fields.nobody')}</option>
          {users.data?.data.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name}
            </option>
          ))}
        </select>
        <CustomFields rows={draft.fields} onChange={(fields) => set({ fields })} />
        {canWrite && (
          <div className="item-fields-actions">
            <button type="submit" className="button-primary">
              {t('common:actions.save')}
            </button>
          </div>
        )}
      </fieldset>
      {save.isSuccess && (
        <p role="status" className="saved">
          {t('fields.saved')}
        </p>
      )}
      {conflict ? (
        <div className="problem" role="alert">
          <p>{t('fields.conflict')}</p>
          <button type="button" onClick={() => void reload()}>
            {t('fields.reload')}
          </button>
        </div>
      ) : (
        save.isError && <ProblemMessage error={save.error} />
      )}
    </form>
  );
}
