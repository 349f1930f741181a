import { useTranslation } from 'react-i18next';
import { translateStoredReason } from '../../item/journal/stored-reason.ts';
import type { ConditionTrace } from '../automation-types.ts';
import { describeComparison, groupWords, type TraceWords } from './trace-text.ts';
import './try.css';

/** A tick or a cross, with its meaning for screen readers. */
export function Verdict({ matched }: { matched: boolean }) {
  const { t } = useTranslation('tryRule');
  return (
    <span className={matched ? 'verdict verdict-yes' : 'verdict verdict-no'}>
      <span aria-hidden="true">{matched ? '✓' : '✗'}</span>
      <span className="visually-hidden">{t(matched ? 'verdict.holds' : 'verdict.fails')}</span>
    </span>
  );
}

function TraceNode({ trace, words }: { trace: ConditionTrace; words: TraceWords }) {
  const { t: tItem } = useTranslation('item');
  if (trace.kind === 'compare' && trace.compared !== undefined) {
    const { statement, actual } = describeComparison(trace.compared, words);
    return (
      <li className="trace-compare">
        <Verdict matched={trace.matched} />
        <span>
          {statement}
          <span className="trace-actual">{actual}</span>
        </span>
      </li>
    );
  }
  if (trace.kind === 'compare')
    return (
      <li className="trace-compare">
        <Verdict matched={trace.matched} />
        <span>{translateStoredReason(trace.reason, tItem)}</span>
      </li>
    );
  return (
    <li className="trace-group">
      <Verdict matched={trace.matched} />
      <span className="trace-group-name">{groupWords(trace, words.t)}</span>
      <ul>
        {(trace.children ?? []).map((child, index) => (
          // Parts of a condition have no identity but their position.
          // biome-ignore lint/suspicious/noArrayIndexKey: the trace never reorders
          <TraceNode key={index} trace={child} words={words} />
        ))}
      </ul>
    </li>
  );
}

/** A condition evaluated part by part, as a tree with a tick or a cross on every part. */
export function TraceTree({
  trace,
  words,
  label,
}: {
  trace: ConditionTrace;
  words: TraceWords;
  label: string;
}) {
  return (
    <ul className="trace-tree" aria-label={label}>
      <TraceNode trace={trace} words={words} />
    </ul>
  );
}
