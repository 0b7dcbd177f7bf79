import { problem } from './http.js';
import { sinceOf } from './since-param.js';

/**
 * The paging query of the dashboard's lists (`GET /orders`, `GET /events`): `since`, `order`
 * (`asc`, the default, or `desc`), `limit` (1 to the page size, the page size when absent) and,
 * newest first only, `before` (the route's own cursor). A 400 names the first field that is off.
 */
export type PageQuery<Cursor> =
  | { order: 'asc'; sinceMs: number; limit: number }
  | { order: 'desc'; sinceMs: number; limit: number; before: Cursor | undefined };

export function readPageQuery<Cursor>(
  url: URL,
  pageSize: number,
  cursorOf: (value: string | null) => Cursor | undefined | null,
): PageQuery<Cursor> | Response {
  const sinceMs = sinceOf(url);
  if (sinceMs === undefined) return problem(400, 'invalid-query', { field: 'since' });
  const order = url.searchParams.get('order') ?? 'asc';
  if (order !== 'asc' && order !== 'desc') return problem(400, 'invalid-query', { field: 'order' });
  const limitParam = url.searchParams.get('limit');
  const limit = limitParam === null ? pageSize : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > pageSize) return problem(400, 'invalid-query', { field: 'limit' });
  if (order === 'asc') {
    if (url.searchParams.has('before')) return problem(400, 'invalid-query', { field: 'before' });
    return { order, sinceMs, limit };
  }
  const before = cursorOf(url.searchParams.get('before'));
  if (before === null) return problem(400, 'invalid-query', { field: 'before' });
  return { order, sinceMs, limit, before };
}

/** The headers of a newest-first page: when older rows remain, a `Link` (relative to this URL) to them. */
export function pageHeaders(url: URL, before: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (before !== undefined) {
    const next = new URLSearchParams(url.searchParams);
    next.set('before', before);
    headers['link'] = `<?${next.toString()}>; rel="next"`;
  }
  return headers;
}
