import type { JournalEntry } from '../item-types.ts';

/** An entry with what it caused, in the order they happened. */
export interface ChainNode {
  readonly entry: JournalEntry;
  readonly children: ChainNode[];
}

/** One chain: everything that followed from one root event (or one manual act), oldest first. */
export interface Chain {
  readonly key: string;
  readonly roots: ChainNode[];
  readonly startedAt: string;
}

/**
 * Groups journal entries into their causal chains: entries sharing a root event form one chain,
 * and inside it each entry hangs under the entry that caused it (causeId). An entry whose cause
 * is not on the page starts a branch of its own, so nothing is hidden.
 */
export function buildChains(entries: readonly JournalEntry[]): Chain[] {
  const nodes = new Map<string, ChainNode>();
  // A run's later steps (started, done, failed) hang under the entry that planned it.
  const plannedRuns = new Map<string, string>();
  for (const entry of entries) {
    nodes.set(entry.id, { entry, children: [] });
    if (entry.runId !== null && entry.kind === 'run_planned' && !plannedRuns.has(entry.runId))
      plannedRuns.set(entry.runId, entry.id);
  }
  const chains = new Map<string, { key: string; roots: ChainNode[]; startedAt: string }>();
  for (const entry of entries) {
    const node = nodes.get(entry.id)!;
    const causeId =
      entry.causeId ??
      (entry.runId !== null && entry.kind.startsWith('run_') && entry.kind !== 'run_planned'
        ? (plannedRuns.get(entry.runId) ?? null)
        : null);
    const parent = causeId === null ? undefined : nodes.get(causeId);
    if (parent !== undefined && parent !== node) {
      parent.children.push(node);
      continue;
    }
    const key = entry.rootEventId ?? `entry:${entry.id}`;
    const chain = chains.get(key) ?? { key, roots: [], startedAt: entry.createdAt };
    chain.roots.push(node);
    chains.set(key, chain);
  }
  return [...chains.values()];
}

/** The entries that led to `id`, the first cause first (for "because …"). */
export function causesOf(entries: readonly JournalEntry[], id: string): JournalEntry[] {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const causes: JournalEntry[] = [];
  const seen = new Set<string>([id]);
  let current = byId.get(id)?.causeId ?? null;
  while (current !== null && !seen.has(current)) {
    seen.add(current);
    const cause = byId.get(current);
    if (cause === undefined) break;
    causes.unshift(cause);
    current = cause.causeId;
  }
  return causes;
}
