import type { TFunction } from 'i18next';
import type { DryRunRun } from '../automation-types.ts';

/**
 * What a tried run's due time counts from, in the user's language, instead of the server's
 * English note with its raw instants: in the robot's stage the run counts from the item's entry
 * into it, elsewhere as if the item entered the stage now. A waiting run says what it waits for;
 * a skipped run says so only when its condition trace does not already explain it.
 */
export function dueBasis(run: DryRunRun, itemStageId: string, t: TFunction<'tryRule'>): string | undefined {
  const stage = run.stageName;
  if (run.status === 'waiting') {
    return t(waitsForPrevious(run) ? 'run.basis.waitsPrevious' : 'run.basis.waitsDate');
  }
  if (run.status === 'skipped' && run.condition?.matched !== false) {
    return t(run.note.includes('once per item') ? 'run.basis.onceRan' : 'run.basis.notPlanned');
  }
  if (run.dueAt === null) return undefined;
  return t(run.stageId === itemStageId ? 'run.basis.entry' : 'run.basis.now', { stage });
}

/**
 * A waiting run either follows the previous robot or waits for its date field; the contract
 * carries only the server's note to tell which.
 */
const waitsForPrevious = (run: DryRunRun): boolean => run.note.includes('previous robot');

/** A rendered param by the label its form field has ("title" → "Title"), else by its name. */
export function paramLabel(name: string, t: TFunction): string {
  return t(`ruleForm:labels.${name}`, { defaultValue: name });
}
