/**
 * Sort arithmetic for reordering a stage's robots: after a drag, the fewest PATCHes that make the
 * stored `sort` values follow the new order. Usually only the moved robot changes (it takes a sort
 * between its new neighbours); when there is no room between them, the stage is renumbered.
 */
export interface Sorted {
  readonly id: string;
  readonly sort: number;
}

export interface SortChange {
  readonly id: string;
  readonly sort: number;
}

/** The gap a renumbered stage leaves between robots, so later moves fit in between. */
export const SORT_STEP = 1000;

const increasing = (sorts: readonly number[]) =>
  sorts.every((sort, i) => i === 0 || sort > (sorts[i - 1] as number));

/** Moves the entry at `from` to `to` (the order after a drag). */
export function moveEntry<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [moved] = next.splice(from, 1);
  if (moved !== undefined) next.splice(to, 0, moved);
  return next;
}

/** `ordered`: the robots in their new order with their current sorts; `movedId`: the one dragged. */
export function planSorts(ordered: readonly Sorted[], movedId: string): SortChange[] {
  const sorts = ordered.map((entry) => entry.sort);
  if (increasing(sorts)) return [];
  const index = ordered.findIndex((entry) => entry.id === movedId);
  const others = ordered.filter((entry) => entry.id !== movedId).map((entry) => entry.sort);
  if (index >= 0 && increasing(others)) {
    const previous = ordered[index - 1]?.sort;
    const next = ordered[index + 1]?.sort;
    const sort =
      previous === undefined
        ? (next as number) - SORT_STEP
        : next === undefined
          ? previous + SORT_STEP
          : next - previous >= 2
            ? Math.floor((previous + next) / 2)
            : undefined;
    if (sort !== undefined) return [{ id: movedId, sort }];
  }
  return ordered
    .map((entry, position) => ({ id: entry.id, sort: (position + 1) * SORT_STEP, was: entry.sort }))
    .filter((entry) => entry.sort !== entry.was)
    .map(({ id, sort }) => ({ id, sort }));
}
