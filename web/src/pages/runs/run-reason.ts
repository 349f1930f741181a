import type { TFunction } from 'i18next';
import { translateStoredReason } from '../item/journal/stored-reason.ts';

const FIXED: Readonly<Record<string, string>> = {
  'left stage': 'reason.leftStage',
  'the robot was deleted or disabled': 'reason.robotGone',
  'the item no longer exists': 'reason.itemMissing',
};
const CONDITION = 'condition not met: ';

/**
 * Why a run was cancelled or skipped, in the user's language. The run stores the engine's English
 * reason; its fixed shapes are read back here, anything else is shown as stored.
 */
export function runReasonText(reason: string, t: TFunction<'runs'>, tItem: TFunction<'item'>): string {
  const fixed = FIXED[reason];
  if (fixed !== undefined) return t(fixed);
  if (reason.startsWith(CONDITION))
    return t('reason.conditionNotMet', {
      reason: translateStoredReason(reason.slice(CONDITION.length), tItem),
    });
  return reason;
}
