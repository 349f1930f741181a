import { ItemLink } from '../../shared/item-link.tsx';
import type { BackfillCandidate, BackfillPreview } from '../automation-types.ts';
import { TraceTree } from '../try/condition-trace.tsx';
import { relativeTime } from '../try/dry-run-text.ts';
import type { TraceWords } from '../try/trace-text.ts';
import { reasonText } from './backfill-logic.ts';

function Outcome({
  preview,
  candidate,
  words,
}: {
  preview: BackfillPreview;
  candidate: BackfillCandidate;
  words: TraceWords;
}) {
  const { t } = words;
  const text = reasonText(preview.kind, candidate.reasonCode, candidate.reason, candidate.guard, t);
  return (
    <>
      <span className={candidate.eligible ? 'pill pill-success' : 'pill pill-warning'}>
        {t(candidate.eligible ? 'backfill.eligible' : 'backfill.notEligible')}
      </span>{' '}
      <span>{text}</span>
      {candidate.condition !== null && (
        <details className="backfill-why">
          <summary className="try-why">{t('backfill.showCondition')}</summary>
          <TraceTree
            trace={candidate.condition}
            words={words}
            label={t('backfill.conditionOf', { item: candidate.title })}
          />
        </details>
      )}
    </>
  );
}

/** The items a backfill would reach: eligible ones can be unchecked, the others say why not. */
export function BackfillTable({
  preview,
  selection,
  onToggle,
  words,
}: {
  preview: BackfillPreview;
  selection: ReadonlySet<string>;
  onToggle(candidate: BackfillCandidate, checked: boolean): void;
  words: TraceWords;
}) {
  const { t, format } = words;
  const robot = preview.kind === 'robot';
  return (
    <div className="table-wrap backfill-table">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">{t('backfill.column.apply')}</span>
            </th>
            <th scope="col">{t('backfill.column.item')}</th>
            <th scope="col">{t('backfill.column.entered')}</th>
            <th scope="col">{t('backfill.column.outcome')}</th>
            {robot && <th scope="col">{t('backfill.column.due')}</th>}
          </tr>
        </thead>
        <tbody>
          {preview.candidates.map((candidate) => (
            <tr key={candidate.itemId} className={candidate.eligible ? undefined : 'backfill-refused'}>
              <td>
                <input
                  type="checkbox"
                  aria-label={t('backfill.choose', { item: candidate.title })}
                  checked={candidate.eligible && selection.has(candidate.itemId)}
                  disabled={!candidate.eligible}
                  onChange={(event) => onToggle(candidate, event.target.checked)}
                />
              </td>
              <td>
                <ItemLink itemId={candidate.itemId} title={candidate.title} />
                {!robot && <span className="backfill-stage muted">{candidate.stageName}</span>}
              </td>
              <td>{format.dateTime(candidate.stageEnteredAt)}</td>
              <td>
                <Outcome preview={preview} candidate={candidate} words={words} />
              </td>
              {robot && (
                <td>
                  {candidate.dueAt === null ? (
                    '—'
                  ) : (
                    <>
                      {format.dateTime(candidate.dueAt)}
                      <span className="backfill-stage muted">
                        {relativeTime(candidate.dueAt, preview.now, format.duration, t)}
                      </span>
                    </>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
