import { type QueryClient, type QueryKey, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { API_BASE } from './client.ts';
import type { ChangeMessage } from './types.ts';

/**
 * Query keys, by API resource. Screens key their queries with these prefixes so a change from
 * the stream refreshes exactly what shows it:
 *   ['board', pipelineId, filters]       ['item', itemId, part?]     ['runs', filters]
 *   ['tasks', filters]  ['notifications', part]  ['outbox', kind]  ['stats', name, params]
 *   ['pipelines']  ['users']  ['contacts', id]
 */
export function keysForChange(change: ChangeMessage): QueryKey[] {
  const item: QueryKey[] = change.itemId === null ? [] : [['item', change.itemId]];
  switch (change.kind) {
    case 'item':
      return [['board'], ['stats'], ['items'], ...item];
    case 'run':
      return [['runs'], ['board'], ['stats'], ...item];
    case 'notification':
      return [['notifications']];
    case 'task':
    case 'activity':
      return [['tasks'], ['board'], ...item];
    case 'payment':
    case 'document':
      return [['board'], ...item];
    case 'timeline':
      return item;
    default:
      return [];
  }
}

export type StreamState = 'connecting' | 'live' | 'offline';

/**
 * Follows GET /api/v1/stream while the app is open and turns each change into cache
 * invalidations (the server stays the one source of truth). Changes arriving close together are
 * applied in one batch. The browser's EventSource reconnects by itself and sends Last-Event-ID,
 * so nothing is missed across a short outage; `reset` means the server could not replay, and
 * everything is refetched, as it is when a new stream starts (`ready`).
 */
export function useLiveUpdates(enabled: boolean): StreamState {
  const client = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');
  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource(`${API_BASE}/stream`, { withCredentials: true });
    const pending = new Map<string, QueryKey>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      for (const key of pending.values()) void client.invalidateQueries({ queryKey: key });
      pending.clear();
    };
    source.addEventListener('open', () => setState('live'));
    // A new stream starts at the feed's current end: a change made between the screens' first
    // reads and this moment would never arrive, so what they show is read again once.
    source.addEventListener('ready', () => {
      setState('live');
      invalidateAll(client);
    });
    source.addEventListener('error', () =>
      setState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting'),
    );
    source.addEventListener('reset', () => invalidateAll(client));
    source.addEventListener('change', (message) => {
      const change = parseChange((message as MessageEvent<string>).data);
      if (change === undefined) return;
      for (const key of keysForChange(change)) pending.set(JSON.stringify(key), key);
      timer ??= setTimeout(flush, 150);
    });
    return () => {
      source.close();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [client, enabled]);
  return state;
}

function invalidateAll(client: QueryClient): void {
  void client.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
}

function parseChange(data: string): ChangeMessage | undefined {
  try {
    const parsed: unknown = JSON.parse(data);
    return typeof parsed === 'object' && parsed !== null && 'kind' in parsed
      ? (parsed as ChangeMessage)
      : undefined;
  } catch {
    return undefined;
  }
}
