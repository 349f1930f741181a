import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useSession, useTimeZone } from '../../api/session.tsx';
import type { Page } from '../../api/types.ts';
import { Loading, ProblemMessage } from '../../components/status.tsx';
import { dayOf } from '../shared/zoned-time.ts';
import { GROUPS, groupTasks } from './task-groups.ts';
import { TaskList } from './task-list.tsx';
import type { Task } from './task-types.ts';
import './tasks.css';

/** The signed-in user's open tasks: overdue, today, later. */
export default function TasksPage() {
  const { t } = useTranslation('tasks');
  const session = useSession();
  const timeZone = useTimeZone();
  const userId = session.user?.id;
  // Open tasks only: the list is oldest first, so finished ones would push new ones out of the page.
  const filters = { responsibleId: userId, status: 'new,in_progress,deferred', limit: 200 };
  const all = useQuery({
    queryKey: ['tasks', filters],
    queryFn: () => api.get<Page<Task>>('/tasks', filters),
    enabled: userId !== undefined,
  });
  const overdue = useQuery({
    queryKey: ['tasks', { ...filters, overdue: true }],
    queryFn: () => api.get<Page<Task>>('/tasks', { ...filters, overdue: true }),
    enabled: userId !== undefined,
  });
  if (userId === undefined) return <p className="empty">{t('needsUser')}</p>;
  const error = all.error ?? overdue.error;
  if (error !== null) return <ProblemMessage error={error} />;
  if (all.data === undefined || overdue.data === undefined) return <Loading />;
  const overdueIds = new Set(overdue.data.data.map((task) => task.id));
  // Overdue tasks beyond the first page of all tasks still show: the overdue list is their source.
  const tasks = [
    ...all.data.data,
    ...overdue.data.data.filter((task) => !all.data.data.some((o) => o.id === task.id)),
  ];
  const groups = groupTasks(tasks, overdueIds, dayOf(Date.now(), timeZone), timeZone);
  const empty = GROUPS.every((group) => groups[group].length === 0);
  return (
    <section aria-labelledby="tasks-title" className="tasks-page">
      <div className="page-head">
        <h1 id="tasks-title">{t('title')}</h1>
      </div>
      {empty ? (
        <p className="empty">{t('none')}</p>
      ) : (
        GROUPS.map((group) => (
          <section
            key={group}
            className={`task-group task-group-${group}`}
            aria-labelledby={`tasks-${group}`}
          >
            <h2 id={`tasks-${group}`}>
              {t(`groups.${group}`)} <span className="count">{groups[group].length}</span>
            </h2>
            {groups[group].length === 0 ? (
              <p className="empty">{t(`emptyGroup.${group}`)}</p>
            ) : (
              <TaskList tasks={groups[group]} overdue={group === 'overdue'} />
            )}
          </section>
        ))
      )}
    </section>
  );
}
