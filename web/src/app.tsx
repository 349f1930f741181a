import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { useLiveUpdates } from './api/live-updates.ts';
import { SessionProvider, useSessionQuery, useSignOutOnUnauthorized } from './api/session.tsx';
import { Loading, ProblemMessage } from './components/status.tsx';
import { Shell } from './layout/shell.tsx';
import { SignInPage } from './pages/sign-in.tsx';

const BoardPage = lazy(() => import('./pages/board/board-page.tsx'));
const ItemPage = lazy(() => import('./pages/item/item-page.tsx'));
const TasksPage = lazy(() => import('./pages/tasks/tasks-page.tsx'));
const NotificationsPage = lazy(() => import('./pages/notifications/notifications-page.tsx'));
const NotificationPreferencesPage = lazy(() => import('./pages/notifications/preferences-page.tsx'));
const OutboxPage = lazy(() => import('./pages/outbox/outbox-page.tsx'));
const BankPage = lazy(() => import('./pages/bank/bank-page.tsx'));
const ApprovalsPage = lazy(() => import('./pages/approvals/approvals-page.tsx'));
const RunsPage = lazy(() => import('./pages/runs/runs-page.tsx'));
const DashboardPage = lazy(() => import('./pages/dashboard/dashboard-page.tsx'));
const AutomationPage = lazy(() => import('./pages/automation/automation-page.tsx'));
const DocumentTemplatesPage = lazy(() => import('./pages/documents/document-templates-page.tsx'));

/** The signed-in workspace, or the sign-in page; screens are loaded when first opened. */
export function App() {
  const { t } = useTranslation();
  const session = useSessionQuery();
  useSignOutOnUnauthorized();
  const signedIn = session.data !== undefined && session.data !== null;
  const stream = useLiveUpdates(signedIn);
  if (session.isPending) return <Loading />;
  if (session.isError) return <ProblemMessage error={session.error} />;
  if (session.data === null) return <SignInPage />;
  return (
    <SessionProvider session={session.data}>
      <Shell stream={stream}>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/" element={<Navigate to="/board" replace />} />
            <Route path="/board" element={<BoardPage />} />
            <Route path="/board/:pipelineId" element={<BoardPage />} />
            <Route path="/items/:itemId" element={<ItemPage />} />
            <Route path="/tasks" element={<TasksPage />} />
            <Route path="/notifications" element={<NotificationsPage />} />
            <Route path="/notifications/preferences" element={<NotificationPreferencesPage />} />
            <Route path="/outbox" element={<OutboxPage />} />
            <Route path="/bank" element={<BankPage />} />
            <Route path="/documents/templates" element={<DocumentTemplatesPage />} />
            <Route path="/approvals" element={<ApprovalsPage />} />
            <Route path="/approvals/:approvalId" element={<ApprovalsPage />} />
            <Route path="/runs" element={<RunsPage />} />
            <Route path="/dashboard" element={<DashboardPage />} />
            <Route path="/automation" element={<AutomationPage />} />
            <Route path="/automation/:pipelineId" element={<AutomationPage />} />
            <Route path="*" element={<p className="empty">{t('notFound')}</p>} />
          </Routes>
        </Suspense>
      </Shell>
    </SessionProvider>
  );
}
