/** Something that is gone from `expires_at` on (a reservation, a command grant). */
export interface Expiring {
  readonly expires_at: number;
}

export function isLive(entry: Expiring, now: number): boolean {
  return now < entry.expires_at;
}

/** The keys whose entries have expired at `now`: they are removed (tombstoned). */
export function expiredKeys(entries: Iterable<readonly [string, Expiring]>, now: number): string[] {
  return [...entries].filter(([, entry]) => !isLive(entry, now)).map(([key]) => key);
}
