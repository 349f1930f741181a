import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format.ts';
import { type MailMessage, type SmsMessage, STATUS_PILL } from './outbox-types.ts';

export function DeliveryPill({ status }: { status: MailMessage['status'] }) {
  const { t } = useTranslation('outbox');
  return <span className={`pill ${STATUS_PILL[status]}`}>{t(`status.${status}`)}</span>;
}

/** Mail: recipients, subject (opens the message), time and delivery status. */
export function MailTable({
  messages,
  onOpen,
}: {
  messages: readonly MailMessage[];
  onOpen: (m: MailMessage) => void;
}) {
  const { t } = useTranslation('outbox');
  const format = useFormat();
  return (
    <div className="table-wrap outbox-table">
      <table className="data">
        <caption className="visually-hidden">{t('mail')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fields.subject')}</th>
            <th scope="col">{t('fields.to')}</th>
            <th scope="col">{t('fields.time')}</th>
            <th scope="col">{t('fields.status')}</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((message) => (
            <tr key={message.id}>
              <td className="cell-main">
                <button type="button" className="link-button" onClick={() => onOpen(message)}>
                  {message.subject === '' ? t('noSubject') : message.subject}
                </button>
              </td>
              <td data-label={t('fields.to')} className="cell-to">
                {message.to.join(', ')}
              </td>
              <td data-label={t('fields.time')}>
                <time dateTime={message.sentAt ?? message.createdAt}>
                  {format.dateTime(message.sentAt ?? message.createdAt)}
                </time>
              </td>
              <td data-label={t('fields.status')}>
                <DeliveryPill status={message.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** SMS: number, the start of the text (opens the message), time and delivery status. */
export function SmsTable({
  messages,
  onOpen,
}: {
  messages: readonly SmsMessage[];
  onOpen: (m: SmsMessage) => void;
}) {
  const { t } = useTranslation('outbox');
  const format = useFormat();
  return (
    <div className="table-wrap outbox-table">
      <table className="data">
        <caption className="visually-hidden">{t('sms')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fields.text')}</th>
            <th scope="col">{t('fields.to')}</th>
            <th scope="col">{t('fields.time')}</th>
            <th scope="col">{t('fields.status')}</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((message) => (
            <tr key={message.id}>
              <td className="cell-main">
                <button type="button" className="link-button sms-text" onClick={() => onOpen(message)}>
                  {message.text}
                </button>
              </td>
              <td data-label={t('fields.to')} className="cell-to">
                {message.to}
              </td>
              <td data-label={t('fields.time')}>
                <time dateTime={message.sentAt ?? message.createdAt}>
                  {format.dateTime(message.sentAt ?? message.createdAt)}
                </time>
              </td>
              <td data-label={t('fields.status')}>
                <DeliveryPill status={message.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
