import { decodeCursor, encodeCursor } from '../page-cursor';
import { InvalidCursorError } from '../store.errors';
import { EngineResponseError, type SearchEngineClient } from './search-engine.client';

/** A keyset cursor: the sort values of the last item, and the point in time the listing reads, once it has one. */
export interface KeysetCursor {
  k: string;
  a: [number, string];
  p?: string;
}

export function encodeKeyset(kind: string, after: [number, string], pit?: string): string {
  const cursor: KeysetCursor = pit ? { k: kind, a: after, p: pit } : { k: kind, a: after };
  return encodeCursor(cursor);
}

/** Decodes a cursor of this kind of listing; InvalidCursorError for anything else. */
export function decodeKeyset(cursor: string, kind: string): KeysetCursor {
  const value = decodeCursor(cursor);
  if (typeof value !== 'object' || value === null) throw new InvalidCursorError(`not a ${kind} cursor`);
  const c = value as { k?: unknown; a?: unknown; p?: unknown };
  if (
    c.k !== kind ||
    !Array.isArray(c.a) ||
    c.a.length !== 2 ||
    !Number.isSafeInteger(c.a[0]) ||
    typeof c.a[1] !== 'string' ||
    (c.p !== undefined && (typeof c.p !== 'string' || c.p.length === 0 || c.p.length > 3000))
  ) {
    throw new InvalidCursorError(`not a ${kind} cursor`);
  }
  return c as KeysetCursor;
}

export interface SearchHit<T> {
  _index: string;
  _id: string;
  _source: T;
  sort?: unknown[];
  _seq_no?: number;
  _primary_term?: number;
}

export interface SearchResult<T> {
  pit_id?: string;
  hits: { hits: Array<SearchHit<T>> };
  aggregations?: Record<string, unknown>;
}

export interface KeysetPage<T> {
  hits: Array<SearchHit<T>>;
  nextCursor?: string;
}

export interface KeysetQuery {
  kind: string;
  index: string;
  query: unknown;
  /** exactly two keys: a long and a unique keyword, e.g. [{sortMicros: 'desc'}, {sid: 'desc'}] */
  sort: [Record<string, 'asc' | 'desc'>, Record<string, 'asc' | 'desc'>];
  limit: number;
  cursor?: KeysetCursor;
  keepAlive: string;
}

/**
 * One page of a keyset listing: search_after on (long, unique keyword), so a page
 * never repeats or skips an item whatever the depth — no `from`. A point in time
 * is opened lazily when a second page exists (a one-page listing costs one
 * search), carried in the cursor, and closed on the last page; when it expired
 * the listing goes on from the same keys without it.
 */
export async function keysetPage<T>(client: SearchEngineClient, q: KeysetQuery): Promise<KeysetPage<T>> {
  const body: Record<string, unknown> = { query: q.query, sort: q.sort, size: q.limit + 1, track_total_hits: false };
  if (q.cursor) body.search_after = q.cursor.a;
  let result: SearchResult<T> | undefined;
  let pit = q.cursor?.p;
  if (pit) {
    try {
      const res = await client.request<SearchResult<T>>({
        method: 'POST',
        path: '/_search',
        body: { ...body, pit: { id: pit, keep_alive: q.keepAlive } },
      });
      result = res.body;
      pit = result.pit_id ?? pit;
    } catch (err) {
      if (!(err instanceof EngineResponseError) || err.statusCode >= 500) throw err;
      pit = undefined; // expired or unknown point in time: keyset paging stays exact without it
    }
  }
  if (!result) {
    const res = await client.request<SearchResult<T>>({
      method: 'POST',
      path: `/${encodeURIComponent(q.index)}/_search`,
      body,
    });
    result = res.body;
  }
  const hits = result.hits.hits;
  if (hits.length <= q.limit) {
    if (pit) void client.closePointInTime(pit).catch(() => undefined);
    return { hits };
  }
  const page = hits.slice(0, q.limit);
  const last = page[page.length - 1];
  const after = (last.sort ?? []).slice(0, 2);
  if (!Number.isSafeInteger(after[0]) || typeof after[1] !== 'string') {
    throw new Error(`unexpected sort values ${JSON.stringify(last.sort)}`);
  }
  if (!pit) {
    try {
      pit = await client.openPointInTime(q.index, q.keepAlive);
    } catch {
      pit = undefined; // paging works without one, only without a snapshot
    }
  }
  return { hits: page, nextCursor: encodeKeyset(q.kind, [after[0] as number, after[1] as string], pit) };
}
