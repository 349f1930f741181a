import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading, ProblemMessage } from '../../components/status.tsx';
import { useFormat } from '../../format.ts';
import { useUserNames } from '../shared/user-names.ts';
import { CreateDocument, DocumentActions } from './item-documents.tsx';
import type { Activity, ItemDocument, Payment, Task } from './item-types.ts';
import { useItemList } from './use-item.ts';

/** A titled list of one kind of the item's records, with its own loading and empty states. */
function Records<T>({
  itemId,
  resource,
  title,
  render,
  actions,
}: {
  itemId: string;
  resource: string;
  title: string;
  render: (record: T) => ReactNode;
  actions?: ReactNode;
}) {
  const { t } = useTranslation('item');
  const list = useItemList<T & { id: string }>(itemId, resource);
  return (
    <section className="records" aria-label={title}>
      <h3>{title}</h3>
      {actions}
      {list.isPending && <Loading />}
      {list.isError && <ProblemMessage error={list.error} />}
      {list.isSuccess && list.data.data.length === 0 && <p className="empty">{t('records.none')}</p>}
      {list.isSuccess && list.data.data.length > 0 && (
        <ul className="record-list">
          {list.data.data.map((record) => (
            <li key={record.id}>{render(record)}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

const STATUS_TONE: Record<string, string> = {
  completed: 'pill-success',
  paid: 'pill-success',
  posted: 'pill-accent',
  cancelled: 'pill-danger',
  in_progress: 'pill-accent',
};

function Status({ status, group }: { status: string; group: string }) {
  const { t } = useTranslation('item');
  return (
    <span className={`pill ${STATUS_TONE[status] ?? ''}`}>
      {t(`status.${group}.${status}`, { defaultValue: status })}
    </span>
  );
}

/** Who created a task or planned an activity: a person, or the one a robot acted as. */
function CreatedBy({ userId }: { userId: string | null }) {
  const { t } = useTranslation('item');
  const nameOf = useUserNames();
  if (userId === null) return null;
  return <span className="muted">{t('records.createdBy', { name: nameOf(userId) })}</span>;
}

export function ItemMoney({ itemId }: { itemId: string }) {
  const { t } = useTranslation('item');
  const format = useFormat();
  return (
    <div className="records-grid">
      <Records<ItemDocument>
        itemId={itemId}
        resource="documents"
        title={t('records.documents')}
        actions={<CreateDocument itemId={itemId} />}
        render={(doc) => (
          <>
            <span className="record-main">
              {t(`documentKind.${doc.kind}`, { defaultValue: doc.kind })} {doc.number}
            </span>
            <span className="record-amount">{format.money(doc.amount, doc.currency)}</span>
            <Status status={doc.status} group="document" />
            <DocumentActions itemId={itemId} document={doc} />
          </>
        )}
      />
      <Records<Payment>
        itemId={itemId}
        resource="payments"
        title={t('records.payments')}
        render={(payment) => (
          <>
            <span className="record-main">{payment.reference ?? format.date(payment.paidAt)}</span>
            <span className="record-amount">{format.money(payment.amount, payment.currency)}</span>
            <span className="muted">{format.date(payment.paidAt)}</span>
          </>
        )}
      />
    </div>
  );
}

export function ItemWork({ itemId }: { itemId: string }) {
  const { t } = useTranslation('item');
  const format = useFormat();
  return (
    <div className="records-grid">
      <Records<Task>
        itemId={itemId}
        resource="tasks"
        title={t('records.tasks')}
        render={(task) => (
          <>
            <span className="record-main">{task.title}</span>
            {task.deadline !== null && <span className="muted">{format.dateTime(task.deadline)}</span>}
            <CreatedBy userId={task.createdByUserId} />
            <Status status={task.status} group="task" />
          </>
        )}
      />
      <Records<Activity>
        itemId={itemId}
        resource="activities"
        title={t('records.activities')}
        render={(activity) => (
          <>
            <span className="record-main">
              {t(`activityType.${activity.type}`, { defaultValue: activity.type })}: {activity.subject}
            </span>
            {activity.dueAt !== null && <span className="muted">{format.dateTime(activity.dueAt)}</span>}
            <CreatedBy userId={activity.createdByUserId} />
            <Status status={activity.status} group="activity" />
          </>
        )}
      />
    </div>
  );
}
