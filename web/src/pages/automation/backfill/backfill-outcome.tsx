import { Dialog } from 'radix-ui';
import { ItemLink } from '../../shared/item-link.tsx';
import type { BackfillPreview, BackfillResult } from '../automation-types.ts';
import type { TraceWords } from '../try/trace-text.ts';
import { reasonText } from './backfill-logic.ts';

/** What the confirmed backfill did: the items it reached, and those skipped with their reasons. */
export function BackfillOutcome({
  preview,
  result,
  words,
}: {
  preview: BackfillPreview;
  result: BackfillResult;
  words: TraceWords;
}) {
  const { t, format } = words;
  const titles = new Map(preview.candidates.map((candidate) => [candidate.itemId, candidate.title]));
  return (
    <>
      <p className="backfill-counts" role="status">
        {t(`backfill.applied.${preview.kind}`, { count: result.applied.length })}
      </p>
      {result.applied.length > 0 && (
        <ul className="backfill-result">
          {result.applied.map((applied) => (
            <li key={applied.itemId}>
              <ItemLink itemId={applied.itemId} title={titles.get(applied.itemId)} />
              {applied.dueAt !== null && (
                <span className="muted">
                  {' '}
                  · {t('backfill.dueAt', { at: format.dateTime(applied.dueAt) })}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {result.skipped.length > 0 && (
        <>
          <h3>{t('backfill.skipped', { count: result.skipped.length })}</h3>
          <ul className="backfill-result">
            {result.skipped.map((skipped) => (
              <li key={skipped.itemId}>
                <ItemLink itemId={skipped.itemId} title={titles.get(skipped.itemId)} />
                <span className="muted">
                  {' '}
                  · {reasonText(preview.kind, skipped.reasonCode, skipped.reason, null, t)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="dialog-actions">
        <Dialog.Close asChild>
          <button type="button">{t('backfill.close')}</button>
        </Dialog.Close>
      </div>
    </>
  );
}
