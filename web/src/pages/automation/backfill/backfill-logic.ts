import type { TFunction } from 'i18next';
import type { BackfillCandidate, BackfillPreview } from '../automation-types.ts';

/**
 * The choices of a backfill preview: which items start checked, what the counts say, and each
 * candidate's reason in the user's language (the server's English reason when the code is new).
 */

export const REASON_CODES = [
  'ok',
  'condition',
  'guard',
  'already_planned',
  'once_per_item',
  'backward',
  'final_stage',
] as const;

/** Every eligible item starts checked; the others cannot be. */
export function defaultSelection(candidates: readonly BackfillCandidate[]): Set<string> {
  return new Set(candidates.filter((candidate) => candidate.eligible).map((candidate) => candidate.itemId));
}

/** Checks or unchecks one item; ineligible items never enter the selection. */
export function toggled(
  selection: ReadonlySet<string>,
  candidate: BackfillCandidate,
  checked: boolean,
): Set<string> {
  const next = new Set(selection);
  if (checked && candidate.eligible) next.add(candidate.itemId);
  else next.delete(candidate.itemId);
  return next;
}

/** The ids to confirm, in the preview's order, only eligible ones that are checked. */
export function chosenIds(preview: BackfillPreview, selection: ReadonlySet<string>): string[] {
  return preview.candidates
    .filter((candidate) => candidate.eligible && selection.has(candidate.itemId))
    .map((candidate) => candidate.itemId);
}

/** "3 of 5 items will get a run" (robots) or "… will be moved" (triggers). */
export function countsText(
  kind: 'robot' | 'trigger',
  chosen: number,
  total: number,
  t: TFunction<'tryRule'>,
): string {
  return t(`backfill.counts.${kind}`, { count: total, chosen });
}

export function reasonText(
  kind: 'robot' | 'trigger',
  code: string,
  fallback: string,
  guard: BackfillCandidate['guard'],
  t: TFunction<'tryRule'>,
): string {
  if (code === 'ok') return t(`backfill.reason.ok_${kind}`);
  if (code === 'guard')
    return guard === null
      ? fallback
      : t('backfill.reason.guard', { name: guard.name, message: guard.message });
  if ((REASON_CODES as readonly string[]).includes(code)) return t(`backfill.reason.${code}`);
  return fallback;
}
