import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useCan } from '../../api/session.tsx';
import { ProblemMessage } from '../../components/status.tsx';
import { useFormat } from '../../format.ts';
import { ItemLink } from '../shared/item-link.tsx';
import { useUserNames } from '../shared/user-names.ts';
import type { Task, TaskStatus } from './task-types.ts';

export function TaskList({ tasks, overdue }: { tasks: readonly Task[]; overdue: boolean }) {
  return (
    <ul className="task-list">
      {tasks.map((task) => (
        <TaskRow key={task.id} task={task} overdue={overdue} />
      ))}
    </ul>
  );
}

/** The status changes offered from each status: start, defer (or resume), complete. */
function choicesFor(status: TaskStatus): readonly TaskStatus[] {
  if (status === 'in_progress') return ['deferred', 'completed'];
  if (status === 'deferred') return ['in_progress', 'completed'];
  return ['in_progress', 'deferred', 'completed'];
}

function TaskRow({ task, overdue }: { task: Task; overdue: boolean }) {
  const { t } = useTranslation('tasks');
  const format = useFormat();
  const nameOf = useUserNames();
  const canChange = useCan('manager');
  const client = useQueryClient();
  const change = useMutation({
    mutationFn: (status: TaskStatus) =>
      api.patch<Task>(`/tasks/${task.id}`, { status, version: task.version }),
    onSettled: () => client.invalidateQueries({ queryKey: ['tasks'] }),
  });
  return (
    <li className={`task panel${overdue ? ' task-overdue' : ''}`}>
      <div className="task-main">
        <h3 className="task-title">{task.title}</h3>
        <p className="task-meta">
          {task.deadline === null ? (
            <span className="muted">{t('noDeadline')}</span>
          ) : (
            <span className={overdue ? 'deadline-overdue' : 'muted'}>
              {t('deadline')}: <time dateTime={task.deadline}>{format.dateTime(task.deadline)}</time>
            </span>
          )}
          {task.status !== 'new' && (
            <span className={`pill ${task.status === 'deferred' ? 'pill-warning' : 'pill-accent'}`}>
              {t(`status.${task.status}`)}
            </span>
          )}
          {task.createdByRobotId !== null && <span className="pill">{t('byRobot')}</span>}
          {task.createdByUserId !== null && (
            <span className="muted">{t('createdBy', { name: nameOf(task.createdByUserId) })}</span>
          )}
        </p>
        {task.itemId !== null && (
          <p className="task-item">
            <ItemLink itemId={task.itemId} />
          </p>
        )}
        {change.isError && <ProblemMessage error={change.error} />}
      </div>
      {canChange && (
        // biome-ignore lint/a11y/useSemanticElements: a group of buttons, not a form field set
        <div className="task-actions" role="group" aria-label={t('actionsFor', { title: task.title })}>
          {choicesFor(task.status).map((status) => (
            <button
              key={status}
              type="button"
              className={status === 'completed' ? 'button-primary' : undefined}
              disabled={change.isPending}
              onClick={() => change.mutate(status)}
            >
              {t(`to.${status}`)}
            </button>
          ))}
        </div>
      )}
    </li>
  );
}
