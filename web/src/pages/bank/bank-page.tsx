import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../../api/session.tsx';
import { Loading, ProblemMessage } from '../../components/status.tsx';
import { fetchNewestFirst } from '../shared/fetch-pages.ts';
import { AssignDialog } from './assign-dialog.tsx';
import { type BankPayment, WAITING_KEY } from './bank-types.ts';
import { DocumentsExport } from './documents-export.tsx';
import { PaymentTable } from './payment-table.tsx';
import { StatementImport } from './statement-import.tsx';
import './bank.css';

/**
 * Bank statements: import a file, then assign the incoming payments no item claimed; and the way
 * back to accounting, an export of posted documents and payments.
 */
export default function BankPage() {
  const { t } = useTranslation('bank');
  const { t: tl } = useTranslation('lists');
  // The API lets viewers read the list; importing and assigning need a manager.
  const canChange = useCan('manager');
  const [assigning, setAssigning] = useState<BankPayment | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const waiting = useQuery({
    queryKey: WAITING_KEY,
    queryFn: () => fetchNewestFirst<BankPayment>('/bank-payments', { status: 'unmatched' }),
  });
  return (
    <section aria-labelledby="bank-title" className="bank-page">
      <div className="page-head">
        <h1 id="bank-title">{t('title')}</h1>
        <Link to="/documents/templates">{t('documentSettings')}</Link>
      </div>
      <p className="muted bank-intro">{t('intro')}</p>
      {canChange ? (
        <StatementImport />
      ) : (
        <p className="pill pill-warning read-only" role="note">
          {t('waiting.readOnly')}
        </p>
      )}
      <h2 id="bank-waiting">{t('waiting.heading')}</h2>
      <p className="bank-done" role="status">
        {done}
      </p>
      {waiting.isPending ? (
        <Loading />
      ) : waiting.isError ? (
        <ProblemMessage error={waiting.error} />
      ) : waiting.data.rows.length === 0 ? (
        <p className="empty">{t('waiting.empty')}</p>
      ) : (
        <>
          <PaymentTable payments={waiting.data.rows} onAssign={canChange ? setAssigning : undefined} />
          {waiting.data.truncated && (
            <p className="muted">{tl('truncated', { count: waiting.data.rows.length })}</p>
          )}
        </>
      )}
      <DocumentsExport />
      <AssignDialog
        payment={assigning}
        onClose={() => setAssigning(undefined)}
        onAssigned={(message) => {
          setAssigning(undefined);
          setDone(message);
        }}
      />
    </section>
  );
}
