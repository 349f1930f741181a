// placeholder
import type { TFunction } from 'i18next';
import type { Timing } from '../automation-types.ts';

export function timingSentence(
  timing: Timing,
  afterPrevious: boolean,
  stageName: string,
  _t: TFunction,
): string {
  const when =
    timing.kind === 'after'
      ? `${timing.duration} after`
      : timing.kind === 'at'
        ? `at ${timing.field}`
        : 'when';
  return `${afterPrevious ? 'After the previous robot, ' : ''}${when} the item enters “${stageName}”`;
}
