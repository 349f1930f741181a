/**
 * The option an arrow key moves to in a list of `count`: down from nothing is the first, up from
 * nothing the last, and both wrap around. -1 when the list is empty.
 */
export function nextActive(current: number, step: 1 | -1, count: number): number {
  if (count === 0) return -1;
  if (current < 0) return step === 1 ? 0 : count - 1;
  return (current + step + count) % count;
}
