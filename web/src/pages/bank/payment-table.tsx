import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format.ts';
import type { BankPayment } from './bank-types.ts';
import { formatPaymentDate } from './bank-words.ts';

interface PaymentTableProps {
  readonly payments: readonly BankPayment[];
  /** Absent for a role that may not assign: the list is read-only then. */
  readonly onAssign: ((payment: BankPayment) => void) | undefined;
}

/** Incoming payments no item claimed: what the bank says about each, and the way to assign it. */
export function PaymentTable({ payments, onAssign }: PaymentTableProps) {
  const { t } = useTranslation('bank');
  const format = useFormat();
  return (
    <div className="table-wrap bank-table">
      <table className="data">
        <caption className="visually-hidden">{t('waiting.heading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fields.date')}</th>
            <th scope="col">{t('fields.number')}</th>
            <th scope="col">{t('fields.payer')}</th>
            <th scope="col">{t('fields.payerInn')}</th>
            <th scope="col" className="cell-amount">
              {t('fields.amount')}
            </th>
            <th scope="col">{t('fields.purpose')}</th>
            {onAssign !== undefined && (
              <th scope="col">
                <span className="visually-hidden">{t('fields.actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {payments.map((payment) => {
            const amount = format.money(payment.amount, payment.currency);
            return (
              <tr key={payment.id}>
                <td data-label={t('fields.date')}>
                  <time dateTime={payment.date}>{formatPaymentDate(payment.date, format.locale)}</time>
                </td>
                <td data-label={t('fields.number')}>{payment.number}</td>
                <td data-label={t('fields.payer')} className="cell-main">
                  {payment.payerName}
                </td>
                <td data-label={t('fields.payerInn')}>{payment.payerInn}</td>
                <td data-label={t('fields.amount')} className="cell-amount">
                  {amount}
                </td>
                <td data-label={t('fields.purpose')} className="cell-purpose">
                  {payment.purpose}
                </td>
                {onAssign !== undefined && (
                  <td className="cell-actions">
                    <button
                      type="button"
                      aria-label={t('assign.openFor', { number: payment.number, amount })}
                      onClick={() => onAssign(payment)}
                    >
                      {t('assign.open')}
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
