import { useQuery } from '@tanstack/react-query';
import { Tabs } from 'radix-ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Loading, ProblemMessage } from '../../components/status.tsx';
import { fetchNewestFirst } from '../shared/fetch-pages.ts';
import { MailDialog, SmsDialog } from './message-dialog.tsx';
import { MailTable, SmsTable } from './message-tables.tsx';
import type { MailMessage, SmsMessage } from './outbox-types.ts';
import './outbox.css';

type Kind = 'mail' | 'sms';

/** Mail and SMS the robots sent (kept here when no real server is configured), newest first. */
export default function OutboxPage() {
  const { t } = useTranslation('outbox');
  const [params, setParams] = useSearchParams();
  const kind: Kind = params.get('kind') === 'sms' ? 'sms' : 'mail';
  return (
    <section aria-labelledby="outbox-title">
      <div className="page-head">
        <h1 id="outbox-title">{t('title')}</h1>
      </div>
      <p className="muted outbox-intro">{t('intro')}</p>
      <Tabs.Root
        value={kind}
        onValueChange={(value) => setParams(value === 'sms' ? { kind: 'sms' } : {}, { replace: true })}
      >
        <Tabs.List className="tabs" aria-label={t('kinds')}>
          <Tabs.Trigger value="mail">{t('mail')}</Tabs.Trigger>
          <Tabs.Trigger value="sms">{t('sms')}</Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="mail" className="tab-panel">
          <MailList />
        </Tabs.Content>
        <Tabs.Content value="sms" className="tab-panel">
          <SmsList />
        </Tabs.Content>
      </Tabs.Root>
    </section>
  );
}

function MailList() {
  const { t } = useTranslation('outbox');
  const { t: tl } = useTranslation('lists');
  const [open, setOpen] = useState<MailMessage | undefined>();
  const mail = useQuery({
    queryKey: ['outbox', 'mail'],
    queryFn: () => fetchNewestFirst<MailMessage>('/outbox', {}),
  });
  if (mail.isPending) return <Loading />;
  if (mail.isError) return <ProblemMessage error={mail.error} />;
  if (mail.data.rows.length === 0) return <p className="empty">{t('noMail')}</p>;
  return (
    <>
      <MailTable messages={mail.data.rows} onOpen={setOpen} />
      {mail.data.truncated && <p className="muted">{tl('truncated', { count: mail.data.rows.length })}</p>}
      <MailDialog message={open} onClose={() => setOpen(undefined)} />
    </>
  );
}

function SmsList() {
  const { t } = useTranslation('outbox');
  const { t: tl } = useTranslation('lists');
  const [open, setOpen] = useState<SmsMessage | undefined>();
  const sms = useQuery({
    queryKey: ['outbox', 'sms'],
    queryFn: () => fetchNewestFirst<SmsMessage>('/outbox/sms', {}),
  });
  if (sms.isPending) return <Loading />;
  if (sms.isError) return <ProblemMessage error={sms.error} />;
  if (sms.data.rows.length === 0) return <p className="empty">{t('noSms')}</p>;
  return (
    <>
      <SmsTable messages={sms.data.rows} onOpen={setOpen} />
      {sms.data.truncated && <p className="muted">{tl('truncated', { count: sms.data.rows.length })}</p>}
      <SmsDialog message={open} onClose={() => setOpen(undefined)} />
    </>
  );
}
