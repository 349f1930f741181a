import type { Stage } from '../../../api/types.ts';

/** The stages' ids with the one at `index` swapped with its neighbour `step` away. */
export function swapped(stages: readonly Stage[], index: number, step: -1 | 1): string[] {
  const ids = stages.map((stage) => stage.id);
  const other = index + step;
  if (other < 0 || other >= ids.length) return ids;
  [ids[index], ids[other]] = [ids[other] as string, ids[index] as string];
  return ids;
}
