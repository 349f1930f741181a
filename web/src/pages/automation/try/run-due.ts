import type { TFunction } from 'i18next';
import type { DryRunRun } from '../dry-run-types.ts';
import { relativeTime } from './dry-run-text.ts';

/** How a run's due time is written: an instant in the user's zone, a duration in their language. */
export interface DueFormat {
  readonly dateTime: (iso: string) => string;
  readonly duration: (milliseconds: number) => string;
}

const WAITS_FOR: Readonly<Record<NonNullable<DryRunRun['waitsFor']>, string>> = {
  previous: 'run.basis.waitsPrevious',
  field: 'run.basis.waitsDate',
};

/** A skip said in words; one for its condition is left to the condition's trace, which explains it. */
const SKIPPED_BECAUSE: Readonly<Record<NonNullable<DryRunRun['skipReason']>, string | undefined>> = {
  condition: undefined,
  once_per_item: 'run.basis.onceRan',
  chain_depth: 'run.basis.notPlanned',
};

/** Whether the run's due time is already behind the server's now: the run would start at once. */
const isPast = (run: DryRunRun, now: string): boolean =>
  run.dueAt !== null && Date.parse(run.dueAt) < Date.parse(now);

/**
 * When the run would be due: an instant with how far it is from now, "not set yet", or, when
 * that instant is already past, that it is due now (it would run at once, not "1 h ago").
 */
export function dueText(
  run: DryRunRun,
  itemStageId: string,
  now: string,
  format: DueFormat,
  t: TFunction<'tryRule'>,
): string {
  if (run.dueAt === null) return t('run.noDue');
  if (isPast(run, now)) return t(run.stageId === itemStageId ? 'run.duePassed.entry' : 'run.duePassed.other');
  return t('run.dueAt', {
    at: format.dateTime(run.dueAt),
    relative: relativeTime(run.dueAt, now, format.duration, t),
  });
}

/**
 * What a tried run's due time counts from, in the user's language, from the answer's codes
 * (never the server's English note): in the robot's stage the run counts from the item's entry
 * into it, elsewhere as if the item entered the stage now. A waiting run says what it waits for;
 * a skipped run why, unless its condition trace already tells. A run already due says nothing
 * more: its due text says it.
 */
export function dueBasis(
  run: DryRunRun,
  itemStageId: string,
  now: string,
  t: TFunction<'tryRule'>,
): string | undefined {
  const key = basisKey(run, itemStageId, now);
  return key === undefined ? undefined : t(key, { stage: run.stageName });
}

function basisKey(run: DryRunRun, itemStageId: string, now: string): string | undefined {
  switch (run.status) {
    case 'waiting':
      return run.waitsFor === null ? undefined : WAITS_FOR[run.waitsFor];
    case 'skipped':
      return run.skipReason === null ? undefined : SKIPPED_BECAUSE[run.skipReason];
    case 'scheduled':
      if (run.dueAt === null || isPast(run, now)) return undefined;
      return run.stageId === itemStageId ? 'run.basis.entry' : 'run.basis.now';
  }
}

/** A rendered param by the label its form field has ("title" → "Title"), else by its name. */
export function paramLabel(name: string, t: TFunction): string {
  return t(`ruleForm:labels.${name}`, { defaultValue: name });
}
