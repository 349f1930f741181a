import { useQuery } from '@tanstack/react-query';
import { Dialog } from 'radix-ui';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import type { Page, Stage } from '../../../api/types.ts';
import { Loading, ProblemMessage } from '../../../components/status.tsx';
import { useFormat } from '../../../format.ts';
import type { JournalEntry } from '../../item/item-types.ts';
import { describeEntry, learnNames, type SentenceContext } from '../../item/journal/describe-entry.ts';
import { runReasonText } from '../../runs/run-reason.ts';
import { RunStatusPill } from '../../runs/run-table.tsx';
import type { Run } from '../../runs/run-types.ts';
import { ItemLink } from '../../shared/item-link.tsx';

/** The journal of one rule: a robot's runs or a trigger's matches, newest first. */
export function JournalDialog({
  kind,
  ruleId,
  name,
  stages,
  onClose,
}: {
  kind: 'robot' | 'trigger';
  ruleId: string;
  name: string;
  /** The pipeline's stages, which the trigger's entries name. */
  stages: readonly Stage[];
  onClose: () => void;
}) {
  const { t } = useTranslation('automation');
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-wide" aria-describedby={undefined}>
          <Dialog.Title>{t('journal.title', { name })}</Dialog.Title>
          {kind === 'robot' ? (
            <RobotRuns robotId={ruleId} />
          ) : (
            <TriggerJournal triggerId={ruleId} stages={stages} />
          )}
          <div className="dialog-actions">
            <Dialog.Close asChild>
              <button type="button">{t('common:actions.close')}</button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

const LIMIT = 50;

function RobotRuns({ robotId }: { robotId: string }) {
  const { t } = useTranslation('automation');
  const { t: tRuns } = useTranslation('runs');
  const { t: tItem } = useTranslation('item');
  const format = useFormat();
  const runs = useQuery({
    queryKey: ['robot-runs', robotId],
    queryFn: () => api.get<Page<Run>>(`/robots/${robotId}/runs`, { limit: LIMIT }),
  });
  if (runs.isPending) return <Loading />;
  if (runs.isError) return <ProblemMessage error={runs.error} />;
  if (runs.data.data.length === 0) return <p className="empty">{t('journal.noRuns')}</p>;
  return (
    <ul className="journal-list">
      {runs.data.data.map((run) => (
        <li key={run.id}>
          <RunStatusPill status={run.status} />
          <ItemLink itemId={run.itemId} title={run.itemTitle} />
          <time className="muted" dateTime={run.finishedAt ?? run.dueAt ?? run.createdAt}>
            {format.dateTime(run.finishedAt ?? run.dueAt ?? run.createdAt)}
          </time>
          {run.error !== null && <span className="journal-error">{run.error.message}</span>}
          {run.error === null && run.reason !== null && (
            <span className="muted">{runReasonText(run.reason, tRuns, tItem)}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

function TriggerJournal({ triggerId, stages }: { triggerId: string; stages: readonly Stage[] }) {
  const { t } = useTranslation('automation');
  const { t: tItem } = useTranslation('item');
  const format = useFormat();
  const entries = useQuery({
    queryKey: ['trigger-journal', triggerId],
    queryFn: () => api.get<Page<JournalEntry>>(`/triggers/${triggerId}/journal`, { limit: LIMIT }),
  });
  if (entries.isPending) return <Loading />;
  if (entries.isError) return <ProblemMessage error={entries.error} />;
  if (entries.data.data.length === 0) return <p className="empty">{t('journal.noEntries')}</p>;
  // The same sentences as the item's journal, so a reason reads alike in both places.
  const known = learnNames(entries.data.data);
  const context: SentenceContext = {
    t: tItem,
    stageName: (id) => stages.find((stage) => stage.id === id)?.name,
    dateTime: format.dateTime,
    money: format.money,
    seconds: (value) => format.number(value, { style: 'unit', unit: 'second' }),
    knownName: (id) => (id === null ? undefined : known.get(id)),
    run: () => undefined,
  };
  return (
    <ul className="journal-list">
      {entries.data.data.map((entry) => (
        <li key={entry.id}>
          <span className={`pill${entry.kind === 'trigger_matched' ? ' pill-success' : ''}`}>
            {t(`journal.kind.${entry.kind}`, { defaultValue: entry.kind })}
          </span>
          {entry.itemId !== null && <ItemLink itemId={entry.itemId} />}
          <time className="muted" dateTime={entry.createdAt}>
            {format.dateTime(entry.createdAt)}
          </time>
          <span className="journal-message">{describeEntry(entry, context)}</span>
        </li>
      ))}
    </ul>
  );
}
