import { useTranslation } from 'react-i18next';
import { triggerReasonText } from '../../item/journal/stored-reason.ts';
import type { DryRunResult } from '../dry-run-types.ts';
import { TraceTree, Verdict } from './condition-trace.tsx';
import { triggerHeadline } from './dry-run-text.ts';
import { OutsideCalls, RunReport } from './run-report.tsx';
import type { TraceWords } from './trace-text.ts';

function TriggerVerdict({ result, words }: { result: DryRunResult; words: TraceWords }) {
  const { t } = words;
  const { t: tItem } = useTranslation('item');
  const trigger = result.trigger;
  if (trigger === null) return null;
  const fires = trigger.matched && (result.move === null || result.move.outcome === 'moved');
  return (
    <section className="try-section" aria-label={t('trigger.title')}>
      <h4>
        <Verdict matched={fires} /> {triggerHeadline(result, t)}
      </h4>
      {trigger.filter !== null && (
        <div className="try-block">
          <h6>{t('trigger.filter')}</h6>
          <TraceTree trace={trigger.filter} words={words} label={t('trigger.filter')} />
        </div>
      )}
      {trigger.condition !== null && (
        <div className="try-block">
          <h6>{t('trigger.condition')}</h6>
          <TraceTree trace={trigger.condition} words={words} label={t('trigger.condition')} />
        </div>
      )}
      {!trigger.matched && trigger.filter === null && trigger.condition === null && (
        <p className="muted">{triggerReasonText(trigger.verdict, trigger.reason, tItem)}</p>
      )}
    </section>
  );
}

function Guards({ result, words }: { result: DryRunResult; words: TraceWords }) {
  const { t } = words;
  const move = result.move;
  if (move === null) return null;
  return (
    <section className="try-section" aria-label={t('guards.title')}>
      <h4>{t('guards.title')}</h4>
      {move.guards.length === 0 ? (
        <p className="muted">{t('guards.none', { stage: move.toStageName })}</p>
      ) : (
        <ul className="try-guards">
          {move.guards.map((guard) => (
            <li key={guard.guardId}>
              <Verdict matched={guard.passed} />{' '}
              <strong>{t(guard.passed ? 'guards.passed' : 'guards.refused', { name: guard.name })}</strong>
              {!guard.passed && <span className="try-note">{guard.message}</span>}
              <details>
                <summary className="try-why">{t('guards.why')}</summary>
                <TraceTree trace={guard.trace} words={words} label={guard.name} />
              </details>
            </li>
          ))}
        </ul>
      )}
      {move.message !== null && move.outcome !== 'moved' && <p className="try-note">{move.message}</p>}
    </section>
  );
}

/** What a rule would do to one item, told in the user's language; nothing of it has happened. */
export function DryRunReport({ result, words }: { result: DryRunResult; words: TraceWords }) {
  const { t, format } = words;
  return (
    <div className="try-report">
      <p className="try-nothing-changed" role="note">
        {t('report.nothingChanged', { item: result.item.title, at: format.dateTime(result.now) })}
      </p>
      <TriggerVerdict result={result} words={words} />
      <Guards result={result} words={words} />
      <section className="try-section" aria-label={t('runs.title')}>
        <h4>{t('runs.title')}</h4>
        {result.runs.length === 0 ? (
          <p className="muted">{t('runs.none')}</p>
        ) : (
          result.runs.map((run) => (
            <RunReport
              key={`${run.robotId}-${run.stageId}`}
              run={run}
              item={result.item}
              now={result.now}
              words={words}
            />
          ))
        )}
      </section>
      <section className="try-section" aria-label={t('calls.title')}>
        <h4>{t('calls.title')}</h4>
        {result.outsideCalls.length === 0 ? (
          <p className="muted">{t('calls.none')}</p>
        ) : (
          <OutsideCalls calls={result.outsideCalls} />
        )}
      </section>
    </div>
  );
}
