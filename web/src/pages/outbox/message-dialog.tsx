import { Dialog } from 'radix-ui';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format.ts';
import { ItemLink } from '../shared/item-link.tsx';
import { DeliveryPill } from './message-tables.tsx';
import type { MailMessage, SmsMessage } from './outbox-types.ts';

/**
 * The HTML of a sent mail, shown in a sandboxed frame: no scripts, no forms, and a policy that
 * loads nothing from outside, so opening it here neither runs the mail's code nor trips its
 * tracking pixel (which would record an "opened" the recipient never did).
 */
export function htmlPreview(html: string): string {
  return `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">${html}`;
}

function MessageDialog({
  title,
  open,
  onClose,
  children,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Dialog.Root open={open} onOpenChange={(next) => !next && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog message-dialog" aria-describedby={undefined}>
          <Dialog.Title className="message-title">{title}</Dialog.Title>
          {children}
          <div className="dialog-actions">
            <Dialog.Close asChild>
              <button type="button">{t('actions.close')}</button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function Header({ name, children }: { name: string; children: ReactNode }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function MailDialog({ message, onClose }: { message: MailMessage | undefined; onClose: () => void }) {
  const { t } = useTranslation('outbox');
  const format = useFormat();
  if (message === undefined) return null;
  return (
    <MessageDialog title={message.subject === '' ? t('noSubject') : message.subject} open onClose={onClose}>
      <dl className="message-headers">
        <Header name={t('fields.from')}>{message.from}</Header>
        <Header name={t('fields.to')}>{message.to.join(', ')}</Header>
        {message.replyTo !== null && <Header name={t('fields.replyTo')}>{message.replyTo}</Header>}
        <Header name={t('fields.time')}>{format.dateTime(message.sentAt ?? message.createdAt)}</Header>
        <Header name={t('fields.status')}>
          <DeliveryPill status={message.status} />{' '}
          <span className="muted">{t(`transport.${message.transport}`)}</span>
        </Header>
        {message.error !== null && <Header name={t('fields.error')}>{message.error}</Header>}
        {message.itemId !== null && (
          <Header name={t('fields.item')}>
            <ItemLink itemId={message.itemId} />
          </Header>
        )}
        <Header name={t('fields.messageId')}>
          <code>{message.messageId}</code>
        </Header>
      </dl>
      <h3>{t('textBody')}</h3>
      <pre className="message-body">{message.text}</pre>
      {message.html !== null && (
        <details className="message-html">
          <summary>{t('htmlBody')}</summary>
          <iframe
            title={t('htmlBody')}
            sandbox=""
            srcDoc={htmlPreview(message.html)}
            referrerPolicy="no-referrer"
          />
        </details>
      )}
    </MessageDialog>
  );
}

export function SmsDialog({ message, onClose }: { message: SmsMessage | undefined; onClose: () => void }) {
  const { t } = useTranslation('outbox');
  const format = useFormat();
  if (message === undefined) return null;
  return (
    <MessageDialog title={t('smsTo', { to: message.to })} open onClose={onClose}>
      <dl className="message-headers">
        <Header name={t('fields.to')}>{message.to}</Header>
        <Header name={t('fields.time')}>{format.dateTime(message.sentAt ?? message.createdAt)}</Header>
        <Header name={t('fields.status')}>
          <DeliveryPill status={message.status} /> <span className="muted">{message.provider}</span>
        </Header>
        {message.response !== null && <Header name={t('fields.response')}>{message.response}</Header>}
        {message.itemId !== null && (
          <Header name={t('fields.item')}>
            <ItemLink itemId={message.itemId} />
          </Header>
        )}
      </dl>
      <h3>{t('textBody')}</h3>
      <pre className="message-body">{message.text}</pre>
    </MessageDialog>
  );
}
