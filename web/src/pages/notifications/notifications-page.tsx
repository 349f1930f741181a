import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
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
  readonly read: boolean;
  readonly createdAt: string;
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
        {canMark && unread > 0 && (
          <button type="button" disabled={markAll.isPending} onClick={() => markAll.mutate()}>
            {t('markAllRead')}
          </button>
        )}
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
