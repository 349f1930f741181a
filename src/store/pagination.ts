import { invalid } from '../domain/errors.ts';

/** A page of results and the cursor of the next page (null on the last page). */
export interface Page<T> {
  readonly data: T[];
  readonly nextCursor: string | null;
}

export interface PageRequest {
  /** Page size. Default: 50; at most 200. */
  readonly limit?: number | undefined;
  /** The `nextCursor` of the previous page. */
  readonly cursor?: string | undefined;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/**
 * Cursors are opaque to clients: the id of the last row seen, base64url-encoded. Pages are keyed
 * on the id (UUIDv7, so creation order), which stays stable while rows are added or removed.
 */
export function encodeCursor(lastId: string): string {
  return Buffer.from(JSON.stringify({ after: lastId })).toString('base64url');
}

export function decodeCursor(cursor: string): string {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof decoded.after === 'string' && decoded.after.length > 0) return decoded.after;
  } catch {
    // falls through to the error below
  }
  throw invalid('/cursor', 'is not a cursor returned by this API', 'invalid_cursor');
}

/** Turns `limit + 1` fetched rows into a page: the extra row only tells that more exist. */
export function toPage<Row extends { id: string }, T>(
  rows: readonly Row[],
  limit: number,
  map: (row: Row) => T,
): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return {
    data: pageRows.map(map),
    nextCursor: hasMore && last !== undefined ? encodeCursor(last.id) : null,
  };
}

export const pageSize = (request: PageRequest): number => request.limit ?? DEFAULT_PAGE_SIZE;
