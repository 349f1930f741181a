/**
 * What a revision changed, compactly: the top-level keys whose value differs between before and
 * after, each with both values as short text. Bookkeeping columns are left out.
 */
export interface Change {
  readonly key: string;
  readonly before: string;
  readonly after: string;
}

const BOOKKEEPING = new Set(['id', 'version', 'createdAt', 'updatedAt', 'pipelineId']);

/** Longest text a value is shown with before it is cut with an ellipsis. */
export const COMPACT_LENGTH = 80;

/** A value in one short line: strings as they are, the rest as JSON; nothing is "—". */
export function compact(value: unknown, length: number = COMPACT_LENGTH): string {
  const text =
    value === undefined || value === null ? '—' : typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** JSON with object keys sorted, so the same value stored in another key order is not a change. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === 'object' && inner !== null && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

type Snapshot = Readonly<Record<string, unknown>> | null;

export function changedKeys(before: Snapshot, after: Snapshot): Change[] {
  if (before === null || after === null) return [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((key) => !BOOKKEEPING.has(key))
    .filter((key) => stable(before[key]) !== stable(after[key]))
    .map((key) => ({ key, before: compact(before[key]), after: compact(after[key]) }));
}
