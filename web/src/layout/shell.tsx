import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation } from 'react-router';
import { api, setCsrfToken } from '../api/client.ts';
import type { StreamState } from '../api/live-updates.ts';
import { SESSION_KEY, useSession } from '../api/session.tsx';
import type { Page } from '../api/types.ts';
import { LanguageSelect } from '../components/language-select.tsx';

const SECTIONS = [
  { to: '/board', key: 'nav.board' },
  { to: '/tasks', key: 'nav.tasks' },
  { to: '/approvals', key: 'nav.approvals' },
  { to: '/runs', key: 'nav.runs' },
  { to: '/outbox', key: 'nav.outbox' },
  { to: '/bank', key: 'nav.bank' },
  { to: '/dashboard', key: 'nav.dashboard' },
  { to: '/automation', key: 'nav.automation' },
] as const;

/** The frame of every signed-in page: sections, notifications, language and the user. */
export function Shell({ stream, children }: { stream: StreamState; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="topbar">
        <NavLink to="/board" className="brand" aria-label={t('brandHome')}>
          <img src="/favicon.svg" alt="" width="24" height="24" />
          <span>Stageflow</span>
        </NavLink>
        <Sections />
        <div className="topbar-tools">
          <span className={`stream-state stream-${stream}`} title={t(`stream.${stream}`)}>
            <span className="visually-hidden">{t(`stream.${stream}`)}</span>
          </span>
          <NotificationBell />
          <LanguageSelect />
          <UserMenu />
        </div>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

/**
 * The sections of the UI. On a phone they do not fit in one row, so they fold behind a menu
 * button (shown by the stylesheet at phone width only) and fold again once a section is chosen.
 */
function Sections() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const [open, setOpen] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page is the reason to fold
  useEffect(() => setOpen(false), [pathname]);
  return (
    <>
      <button
        type="button"
        className="menu-toggle button-quiet"
        aria-expanded={open}
        aria-controls="sections"
        onClick={() => setOpen(!open)}
      >
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path d="M3 6h18v2H3Zm0 5h18v2H3Zm0 5h18v2H3Z" fill="currentColor" />
        </svg>
        {t('nav.menu')}
      </button>
      <nav id="sections" className={open ? 'sections open' : 'sections'} aria-label={t('nav.label')}>
        {SECTIONS.map((section) => (
          <NavLink key={section.to} to={section.to} onClick={() => setOpen(false)}>
            {t(section.key)}
          </NavLink>
        ))}
      </nav>
    </>
  );
}

function NotificationBell() {
  const { t } = useTranslation();
  const session = useSession();
  const userId = session.user?.id;
  const unread = useQuery({
    queryKey: ['notifications', 'unread', userId],
    queryFn: () => api.get<Page<{ id: string }>>('/notifications', { userId, unread: true, limit: 100 }),
    enabled: userId !== undefined,
  });
  const count = unread.data?.data.length ?? 0;
  const label = count >= 100 ? '99+' : String(count);
  return (
    <NavLink to="/notifications" className="bell" aria-label={t('notifications.bell', { count })}>
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
        <path
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
          fill="currentColor"
        />
      </svg>
      {count > 0 && (
        <span className="badge" aria-hidden="true">
          {label}
        </span>
      )}
    </NavLink>
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const session = useSession();
  const client = useQueryClient();
  const signOut = useMutation({
    mutationFn: () => api.delete('/session'),
    onSettled: () => {
      setCsrfToken(undefined);
      client.clear();
      client.setQueryData(SESSION_KEY, null);
    },
  });
  return (
    <div className="user">
      <span className="user-name" title={session.user?.email}>
        {session.user?.name ?? t('user.token')}
        <span className="role">{t(`role.${session.role}`)}</span>
      </span>
      {session.via === 'session' && (
        <button type="button" className="button-quiet" onClick={() => signOut.mutate()}>
          {t('signOut')}
        </button>
      )}
    </div>
  );
}
