import { compareDated, lowerBound, type Dated } from './dated.ts';
import type { PageQuery } from './page-query.ts';

export interface Page<T> {
  readonly items: readonly T[];
  /** Every object matching the dates and the visibility, before offset and limit (X-Total-Count). */
  readonly total: number;
}

/**
 * One page of objects sorted oldest first (`compareDated`): the date window by binary search, then the
 * objects this client may see, counted in full and sliced at offset/limit.
 */
export function pageOf<T extends Dated>(sorted: readonly T[], query: PageQuery, visible: (item: T) => boolean): Page<T> {
  const start = query.dateFrom === null ? 0 : lowerBound(sorted, { lastUpdated: query.dateFrom, key: '' });
  const end = query.dateTo === null ? sorted.length : lowerBound(sorted, { lastUpdated: query.dateTo, key: '' });
  const items: T[] = [];
  let total = 0;
  for (let index = start; index < end; index += 1) {
    const item = sorted[index];
    if (item === undefined || !visible(item)) continue;
    if (total >= query.offset && items.length < query.limit) items.push(item);
    total += 1;
  }
  return { items, total };
}

/**
 * One page over several sorted buckets that hold only visible objects (one bucket per owner and viewer
 * party): the total is counted by binary search, and the page merges the buckets' date windows. With one
 * bucket, the usual case, a page costs a slice whatever the offset.
 */
export function pageOfBuckets<T extends Dated>(buckets: readonly (readonly T[])[], query: PageQuery): Page<T> {
  const windows = buckets.map((sorted) => ({
    sorted,
    next: query.dateFrom === null ? 0 : lowerBound(sorted, { lastUpdated: query.dateFrom, key: '' }),
    end: query.dateTo === null ? sorted.length : lowerBound(sorted, { lastUpdated: query.dateTo, key: '' }),
  }));
  const total = windows.reduce((sum, window) => sum + window.end - window.next, 0);
  const [only, ...others] = windows;
  if (only !== undefined && others.length === 0) {
    const start = Math.min(only.next + query.offset, only.end);
    return { items: only.sorted.slice(start, Math.min(start + query.limit, only.end)), total };
  }
  const items: T[] = [];
  for (let position = 0; position < query.offset + query.limit; position += 1) {
    let oldest: { window: (typeof windows)[number]; item: T } | null = null;
    for (const window of windows) {
      const item = window.next < window.end ? window.sorted[window.next] : undefined;
      if (item !== undefined && (oldest === null || compareDated(item, oldest.item) < 0)) oldest = { window, item };
    }
    if (oldest === null) break;
    oldest.window.next += 1;
    if (position >= query.offset) items.push(oldest.item);
  }
  return { items, total };
}

/** The URL of the page after this one, with the same filters; null on the last page. */
export function nextPageUrl(baseUrl: string, query: PageQuery, page: Page<unknown>): string | null {
  const nextOffset = query.offset + page.items.length;
  if (page.items.length === 0 || nextOffset >= page.total) return null;
  const parameters = new URLSearchParams({ offset: String(nextOffset), limit: String(query.limit) });
  if (query.dateFrom !== null) parameters.set('date_from', new Date(query.dateFrom).toISOString());
  if (query.dateTo !== null) parameters.set('date_to', new Date(query.dateTo).toISOString());
  return `${baseUrl}?${parameters.toString()}`;
}

/** X-Total-Count, X-Limit and, unless this is the last page, Link rel="next". */
export function pageHeaders(baseUrl: string, query: PageQuery, page: Page<unknown>): Record<string, string> {
  const next = nextPageUrl(baseUrl, query, page);
  return {
    'X-Total-Count': String(page.total),
    'X-Limit': String(query.limit),
    ...(next === null ? {} : { Link: `<${next}>; rel="next"` }),
  };
}
