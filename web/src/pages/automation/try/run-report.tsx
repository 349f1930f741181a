import { useTranslation } from 'react-i18next';
import type { TemplatePreviewResult } from '../automation-types.ts';
import type { DryRunRun, OutsideCall } from '../dry-run-types.ts';
import { TraceTree, Verdict } from './condition-trace.tsx';
import { callParts, runHeadline, valueText } from './dry-run-text.ts';
import { dueBasis, dueText, paramLabel } from './run-due.ts';
import type { TraceWords } from './trace-text.ts';

const STATUS_PILL: Readonly<Record<DryRunRun['status'], string>> = {
  scheduled: 'pill pill-accent',
  waiting: 'pill pill-warning',
  skipped: 'pill',
};

/** A rendered param, labelled as its field is in the form. */
function Rendered({ name, result }: { name: string; result: TemplatePreviewResult }) {
  const { t } = useTranslation('tryRule');
  const label = paramLabel(name, t);
  if ('text' in result)
    return (
      <div className="try-rendered">
        <h6>{label}</h6>
        <pre>{result.text}</pre>
      </div>
    );
  const { message, line, column } = result.error;
  return (
    <div className="try-rendered">
      <h6>{label}</h6>
      <p className="problem">
        {line === undefined ? message : t('run.renderErrorAt', { message, line, column: column ?? 1 })}
      </p>
    </div>
  );
}

/** One run the rule would plan: when, whether its condition holds now, what it would say and change. */
export function RunReport({
  run,
  item,
  now,
  words,
}: {
  run: DryRunRun;
  /** The tried item: its title, and its stage, from whose entry a run there counts. */
  item: { readonly title: string; readonly stageId: string };
  now: string;
  words: TraceWords;
}) {
  const { t, format } = words;
  const basis = dueBasis(run, item.stageId, now, t);
  const rendered = Object.entries(run.action.rendered);
  const changes = Object.entries(run.action.changes ?? {});
  return (
    <article className="try-run" aria-label={run.robotName}>
      <h5>{runHeadline(run, item.title, t)}</h5>
      <dl className="try-facts">
        <dt>{t('run.status')}</dt>
        <dd>
          <span className={STATUS_PILL[run.status]}>{t(`run.status_${run.status}`)}</span>
        </dd>
        <dt>{t('run.due')}</dt>
        <dd>
          {dueText(run, item.stageId, now, format, t)}
          {basis !== undefined && <span className="try-note">{basis}</span>}
        </dd>
        <dt>{t('run.stage')}</dt>
        <dd>{t('value.quoted', { text: run.stageName })}</dd>
        {run.actingAs !== null && (
          <>
            <dt>{t('run.actingAs')}</dt>
            <dd>{run.actingAs.name}</dd>
          </>
        )}
      </dl>
      {run.condition === null ? (
        <p className="muted">{t('run.noCondition')}</p>
      ) : (
        <div className="try-block">
          <h6>
            <Verdict matched={run.condition.matched} /> {t('run.conditionNow')}
          </h6>
          <TraceTree trace={run.condition} words={words} label={t('run.conditionNow')} />
        </div>
      )}
      {rendered.length > 0 && (
        <div className="try-block">
          <h6>{t('run.rendered')}</h6>
          {rendered.map(([name, result]) => (
            <Rendered key={name} name={name} result={result} />
          ))}
        </div>
      )}
      {changes.length > 0 && (
        <div className="try-block">
          <h6>{t('run.changes')}</h6>
          <dl className="try-facts">
            {changes.map(([name, value]) => (
              <div key={name} className="try-fact-row">
                <dt>{name}</dt>
                <dd>
                  <pre>{valueText(value)}</pre>
                </dd>
              </div>
            ))}
          </dl>
        </div>
      )}
      {run.action.error !== null && (
        <p className="problem" role="alert">
          {t('run.actionError', { message: run.action.error })}
        </p>
      )}
    </article>
  );
}

/** The email, SMS and HTTP calls the rule would make, with their rendered content. */
export function OutsideCalls({ calls }: { calls: readonly OutsideCall[] }) {
  const { t } = useTranslation('tryRule');
  return (
    <ul className="try-calls">
      {calls.map((call, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: calls are listed in the order they would be made
        <li key={index}>
          <span className="pill">{t(`call.kind.${call.kind}`)}</span> <strong>{call.summary}</strong>
          <dl className="try-facts">
            {callParts(call).map((part) => (
              <div key={part.name} className="try-fact-row">
                <dt>{t(`call.part.${part.name}`)}</dt>
                <dd>{part.block ? <pre>{part.text}</pre> : part.text}</dd>
              </div>
            ))}
          </dl>
        </li>
      ))}
    </ul>
  );
}
