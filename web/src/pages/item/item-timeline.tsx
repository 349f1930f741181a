import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useCan } from '../../api/session.tsx';
import type { Page, Stage } from '../../api/types.ts';
import { Loading, ProblemMessage } from '../../components/status.tsx';
import { useFormat } from '../../format.ts';
import { useUserNames } from '../shared/user-names.ts';
import type { TimelineEntry } from './item-types.ts';

/** The item's history, newest first, and a note anyone who may write can add. */
export function ItemTimeline({ itemId, stages }: { itemId: string; stages: readonly Stage[] }) {
  const { t } = useTranslation('item');
  const format = useFormat();
  const nameOf = useUserNames();
  const timeline = useInfiniteQuery({
    queryKey: ['item', itemId, 'timeline'],
    queryFn: ({ pageParam }) =>
      api.get<Page<TimelineEntry>>(`/items/${itemId}/timeline`, { limit: 200, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const names = new Map(stages.map((stage) => [stage.id, stage.name]));
  const entries = (timeline.data?.pages.flatMap((page) => page.data) ?? []).toReversed();
  const textOf = (entry: TimelineEntry) => {
    if (entry.kind === 'stage_changed') {
      const from = names.get(String(entry.data['fromStageId']));
      const to = names.get(String(entry.data['toStageId']));
      if (from !== undefined && to !== undefined) return t('timeline.moved', { from, to });
    }
    if (entry.kind === 'created') return t('timeline.created');
    const { subject, to } = entry.data;
    if (entry.kind === 'email_sent' && typeof subject === 'string' && Array.isArray(to))
      return t('timeline.emailSent', { subject, to: to.join(', ') });
    return entry.text;
  };
  return (
    <div className="item-timeline">
      <NoteForm itemId={itemId} />
      {timeline.isPending && <Loading />}
      {timeline.isError && <ProblemMessage error={timeline.error} />}
      {timeline.isSuccess && entries.length === 0 && <p className="empty">{t('timeline.empty')}</p>}
      <ol className="timeline">
        {entries.map((entry) => (
          <li key={entry.id} className={`timeline-entry timeline-${entry.kind}`}>
            <p className="timeline-head">
              <span className="pill">{t(`timeline.kind.${entry.kind}`, { defaultValue: entry.kind })}</span>
              <span className="muted">
                {entry.authorType === 'user' && entry.authorId !== null
                  ? t('timeline.authorNamed', { name: nameOf(entry.authorId) })
                  : t(`timeline.author.${entry.authorType}`, { defaultValue: entry.authorType })}
              </span>
              <time dateTime={entry.createdAt} className="muted">
                {format.dateTime(entry.createdAt)}
              </time>
            </p>
            <p className="timeline-text">{textOf(entry)}</p>
          </li>
        ))}
      </ol>
      {timeline.hasNextPage && (
        <button type="button" onClick={() => void timeline.fetchNextPage()}>
          {t('common:actions.more')}
        </button>
      )}
    </div>
  );
}

function NoteForm({ itemId }: { itemId: string }) {
  const { t } = useTranslation('item');
  const client = useQueryClient();
  const canWrite = useCan('manager');
  const id = useId();
  const [text, setText] = useState('');
  const add = useMutation({
    mutationFn: () => api.post(`/items/${itemId}/timeline`, { text: text.trim() }),
    onSuccess: () => {
      setText('');
      return client.invalidateQueries({ queryKey: ['item', itemId, 'timeline'] });
    },
  });
  if (!canWrite) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() !== '') add.mutate();
  };
  return (
    <form className="note-form" onSubmit={submit}>
      <label htmlFor={`${id}-note`}>{t('timeline.note')}</label>
      <textarea
        id={`${id}-note`}
        rows={2}
        maxLength={10000}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {add.isError && <ProblemMessage error={add.error} />}
      <button type="submit" disabled={add.isPending || text.trim() === ''}>
        {t('timeline.addNote')}
      </button>
    </form>
  );
}
