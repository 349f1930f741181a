import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { useCan, useSession } from '../../api/session.tsx';
import { Loading, ProblemMessage } from '../../components/status.tsx';
import { useFormat } from '../../format.ts';
import { fetchNewestFirst } from '../shared/fetch-pages.ts';
import { ItemLink } from '../shared/item-link.tsx';
import './notifications.css';

interface Notification {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly itemId: string | null;
  /** Where it leads: a page of the web UI (`/approvals/…`) or an outside URL. */
  readonly link: string | null;
  readonly read: boolean;
  readonly createdAt: string;
  readonly email: NotificationEmail | null;
}

interface NotificationEmail {
  readonly mode: 'immediately' | 'hourly';
  readonly status: 'pending' | 'sent' | 'failed';
  readonly attempts: number;
  readonly lastError: string | null;
  readonly sentAt: string | null;
}

/** The signed-in user's notifications, newest first; the unread ones stand out. */
export default function NotificationsPage() {
  const { t } = useTranslation('notifications');
  const { t: tl } = useTranslation('lists');
  const userId = useSession().user?.id;
  const canMark = useCan('manager');
  const client = useQueryClient();
  const list = useQuery({
    queryKey: ['notifications', 'list', userId],
    queryFn: () => fetchNewestFirst<Notification>('/notifications', { userId }),
    enabled: userId !== undefined,
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['notifications'] });
  const markAll = useMutation({
    mutationFn: () => api.post('/notifications/read-all', { userId }),
    onSettled: refresh,
  });
  if (userId === undefined) return <p className="empty">{t('needsUser')}</p>;
  const rows = list.data?.rows ?? [];
  const unread = rows.filter((notification) => !notification.read).length;
  return (
    <section aria-labelledby="notifications-title">
      <div className="page-head">
        <h1 id="notifications-title">{t('title')}</h1>
        <div className="notification-actions">
          <Link to="/notifications/preferences">{t('preferences.link')}</Link>
          {canMark && unread > 0 && (
            <button type="button" disabled={markAll.isPending} onClick={() => markAll.mutate()}>
              {t('markAllRead')}
            </button>
          )}
        </div>
      </div>
      {markAll.isError && <ProblemMessage error={markAll.error} />}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ProblemMessage error={list.error} />
      ) : rows.length === 0 ? (
        <p className="empty">{t('none')}</p>
      ) : (
        <>
          <ul className="notification-list">
            {rows.map((notification) => (
              <NotificationRow
                key={notification.id}
                notification={notification}
                canMark={canMark}
                onChanged={refresh}
              />
            ))}
          </ul>
          {list.data.truncated && <p className="muted">{tl('truncated', { count: rows.length })}</p>}
        </>
      )}
    </section>
  );
}

function NotificationRow({
  notification,
  canMark,
  onChanged,
}: {
  notification: Notification;
  canMark: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation('notifications');
  const format = useFormat();
  const mark = useMutation({
    mutationFn: (read: boolean) => api.patch(`/notifications/${notification.id}`, { read }),
    onSettled: onChanged,
  });
  return (
    <li className={`notification panel${notification.read ? '' : ' notification-unread'}`}>
      <div className="notification-main">
        <h2 className="notification-title">
          {!notification.read && <span className="unread-dot" aria-hidden="true" />}
          {!notification.read && <span className="visually-hidden">{t('unread')}: </span>}
          {notification.title}
        </h2>
        {notification.body !== '' && <p className="notification-body">{notification.body}</p>}
        <p className="notification-meta">
          <time dateTime={notification.createdAt}>{format.dateTime(notification.createdAt)}</time>
          {notification.itemId !== null && <ItemLink itemId={notification.itemId} />}
          {notification.link?.startsWith('/') === true && (
            <Link to={notification.link} aria-label={t('openOne', { title: notification.title })}>
              {t('open')}
            </Link>
          )}
          {notification.email !== null && <EmailState email={notification.email} />}
        </p>
        {mark.isError && <ProblemMessage error={mark.error} />}
      </div>
      {canMark && (
        <button
          type="button"
          className="mark-button"
          disabled={mark.isPending}
          onClick={() => mark.mutate(!notification.read)}
          aria-label={t(notification.read ? 'markUnreadOne' : 'markReadOne', { title: notification.title })}
        >
          {t(notification.read ? 'markUnread' : 'markRead')}
        </button>
      )}
    </li>
  );
}

/** Where the notification's email stands: waiting (for the digest or a retry), sent, or failed. */
function EmailState({ email }: { email: NotificationEmail }) {
  const { t } = useTranslation('notifications');
  const format = useFormat();
  const text =
    email.status === 'sent'
      ? t('email.sent', { at: email.sentAt === null ? '' : format.dateTime(email.sentAt) })
      : email.status === 'failed'
        ? t('email.failed', { count: email.attempts, error: email.lastError ?? '' })
        : email.attempts > 0
          ? t('email.retrying', { count: email.attempts, error: email.lastError ?? '' })
          : t(email.mode === 'hourly' ? 'email.digest' : 'email.pending');
  return (
    <span
      className={`notification-email notification-email-${email.status}`}
      data-email-status={email.status}
    >
      {text}
    </span>
  );
}
