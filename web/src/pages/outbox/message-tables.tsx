import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format.ts';
import { type MailMessage, type SmsMessage, STATUS_PILL } from './outbox-types.ts';

export function DeliveryPill({ status }: { status: MailMessage['status'] }) {
  const { t } = useTranslation('outbox');
  return <span className={`pill ${STATUS_PILL[status]}`}>{t(`status.${status}`)}</span>;
}

type Message = MailMessage | SmsMessage;

interface MessageTableProps<M extends Message> {
  readonly messages: readonly M[];
  readonly onOpen: (message: M) => void;
  /** The caption and the first column's heading, as i18n keys of the outbox namespace. */
  readonly caption: 'mail' | 'sms';
  readonly heading: 'fields.subject' | 'fields.text';
  /** What opens the message: the subject, or the start of the text. */
  readonly label: (message: M) => string;
  readonly recipients: (message: M) => string;
  readonly labelClass?: string;
}

/** Sent messages: what opens each one, its recipients, its time and its delivery status. */
function MessageTable<M extends Message>(props: MessageTableProps<M>) {
  const { t } = useTranslation('outbox');
  const format = useFormat();
  const { messages, onOpen, label, recipients } = props;
  return (
    <div className="table-wrap outbox-table">
      <table className="data">
        <caption className="visually-hidden">{t(props.caption)}</caption>
        <thead>
          <tr>
            <th scope="col">{t(props.heading)}</th>
            <th scope="col">{t('fields.to')}</th>
            <th scope="col">{t('fields.time')}</th>
            <th scope="col">{t('fields.status')}</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((message) => (
            <tr key={message.id}>
              <td className="cell-main">
                <button
                  type="button"
                  className={`link-button ${props.labelClass ?? ''}`.trim()}
                  onClick={() => onOpen(message)}
                >
                  {label(message)}
                </button>
              </td>
              <td data-label={t('fields.to')} className="cell-to">
                {recipients(message)}
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

/** Mail: recipients, subject (opens the message), time and delivery status. */
export function MailTable(props: { messages: readonly MailMessage[]; onOpen: (m: MailMessage) => void }) {
  const { t } = useTranslation('outbox');
  return (
    <MessageTable
      {...props}
      caption="mail"
      heading="fields.subject"
      label={(message) => (message.subject === '' ? t('noSubject') : message.subject)}
      recipients={(message) => message.to.join(', ')}
    />
  );
}

/** SMS: number, the start of the text (opens the message), time and delivery status. */
export function SmsTable(props: { messages: readonly SmsMessage[]; onOpen: (m: SmsMessage) => void }) {
  return (
    <MessageTable
      {...props}
      caption="sms"
      heading="fields.text"
      labelClass="sms-text"
      label={(message) => message.text}
      recipients={(message) => message.to}
    />
  );
}
