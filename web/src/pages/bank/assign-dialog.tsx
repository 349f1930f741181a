import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Dialog } from 'radix-ui';
import { type FormEvent, useDeferredValue, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Item, Page } from '../../api/types.ts';
import { ProblemMessage } from '../../components/status.tsx';
import { useFormat } from '../../format.ts';
import { type BankPayment, WAITING_KEY } from './bank-types.ts';
import { formatPaymentDate } from './bank-words.ts';

interface AssignDialogProps {
  readonly payment: BankPayment | undefined;
  readonly onClose: () => void;
  /** Called with the sentence that tells the user what happened. */
  readonly onAssigned: (message: string) => void;
}

/** Picks the item a waiting payment pays — found by part of its title — and records it there. */
export function AssignDialog({ payment, onClose, onAssigned }: AssignDialogProps) {
  return (
    <Dialog.Root open={payment !== undefined} onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        {payment !== undefined && (
          <AssignForm key={payment.id} payment={payment} onClose={onClose} onAssigned={onAssigned} />
        )}
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** Items shown to pick from: enough to find one by a few letters of its title. */
const MATCHES = 20;

function AssignForm({ payment, onClose, onAssigned }: AssignDialogProps & { payment: BankPayment }) {
  const { t } = useTranslation('bank');
  const format = useFormat();
  const client = useQueryClient();
  const id = useId();
  const [search, setSearch] = useState('');
  const [itemId, setItemId] = useState('');
  const query = useDeferredValue(search.trim());
  // A payment is recorded only for an item in its own currency: others are not offered.
  const items = useQuery({
    queryKey: ['items', 'search', payment.currency, query],
    queryFn: () => api.get<Page<Item>>('/items', { q: query, currency: payment.currency, limit: MATCHES }),
  });
  const matches = items.data?.data ?? [];
  const chosen = matches.find((item) => item.id === itemId);
  const assign = useMutation({
    mutationFn: (item: Item) => api.post(`/bank-payments/${payment.id}/assign`, { itemId: item.id }),
    onSuccess: async (_answer, item) => {
      await client.invalidateQueries({ queryKey: WAITING_KEY });
      void client.invalidateQueries({ queryKey: ['items'] });
      onAssigned(t('assign.done', { number: payment.number, title: item.title }));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen !== undefined) assign.mutate(chosen);
  };
  const amount = format.money(payment.amount, payment.currency);
  return (
    <Dialog.Content className="dialog assign-dialog" aria-describedby={`${id}-details`}>
      <Dialog.Title>{t('assign.title', { number: payment.number })}</Dialog.Title>
      <p id={`${id}-details`} className="muted">
        {t('assign.details', {
          amount,
          payer: payment.payerName,
          date: formatPaymentDate(payment.date, format.locale),
        })}
        <br />
        {payment.purpose}
      </p>
      <form onSubmit={submit} className="assign-form">
        <label htmlFor={`${id}-search`}>{t('assign.search')}</label>
        <input
          id={`${id}-search`}
          type="search"
          autoComplete="off"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <label htmlFor={`${id}-item`}>{t('assign.item')}</label>
        <select
          id={`${id}-item`}
          value={chosen === undefined ? '' : itemId}
          onChange={(event) => setItemId(event.target.value)}
          aria-busy={items.isFetching}
        >
          <option value="" disabled>
            {items.isPending
              ? t('assign.searching')
              : matches.length === 0
                ? t('assign.noItems')
                : t('assign.choose')}
          </option>
          {matches.map((item) => (
            <option key={item.id} value={item.id}>
              {t('assign.option', {
                title: item.title,
                amount: format.money(item.amount, item.currency),
                paid: format.money(item.paidAmount, item.currency),
              })}
            </option>
          ))}
        </select>
        {items.isError && <ProblemMessage error={items.error} />}
        {assign.isError && <ProblemMessage error={assign.error} />}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('assign.cancel')}
          </button>
          <button
            type="submit"
            className="button-primary"
            disabled={chosen === undefined || assign.isPending}
          >
            {assign.isPending ? t('assign.busy') : t('assign.confirm')}
          </button>
        </div>
      </form>
    </Dialog.Content>
  );
}
