import { api, type Query } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';

/** How many pages of 200 a list screen reads at most before it shows what it has. */
export const MAX_PAGES = 5;

/**
 * Reads a cursor-paginated list to its end (at most `maxPages` pages of 200) and answers it
 * newest first with `truncated` when more was left. The notification and outbox lists are kept
 * oldest first by the API, while people read them newest first.
 */
export async function fetchNewestFirst<T>(
  path: string,
  query: Query,
  maxPages = MAX_PAGES,
): Promise<{ rows: T[]; truncated: boolean }> {
  const rows: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const answer: Page<T> = await api.get<Page<T>>(path, { ...query, limit: 200, cursor });
    rows.push(...answer.data);
    cursor = answer.nextCursor;
    if (cursor === null) break;
  }
  return { rows: rows.reverse(), truncated: cursor !== null };
}
