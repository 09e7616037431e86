/** What paging orders and filters by: last_updated (epoch ms), then the record key as the stable tie-break. */
export interface Dated {
  readonly key: string;
  readonly lastUpdated: number;
}

/** Oldest first; equal times in key order, so repeated requests see the same sequence. */
export function compareDated(a: Dated, b: Dated): number {
  if (a.lastUpdated !== b.lastUpdated) return a.lastUpdated - b.lastUpdated;
  if (a.key === b.key) return 0;
  return a.key < b.key ? -1 : 1;
}

/** The first index whose item is not before `target` in `compareDated` order (items sorted that way). */
export function lowerBound(items: readonly Dated[], target: Dated): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const item = items[middle];
    if (item !== undefined && compareDated(item, target) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
