import type { LiveLocationListener } from '../../roaming/evse-status/live-locations.ts';
import type { OcpiLocation } from '../../roaming/ocpi/location-object.ts';
import { ownerOf, roamingKey } from '../../roaming/ocpi/roaming-kind.ts';
import { evseStatusChanges, evseStatusesOf, type EvseStatuses } from './evse-status-changes.ts';
import type { EvseStatusUpdate } from './push-plan.ts';

/** The part of the live Locations push follows. */
export interface LiveLocationFeed {
  read(key: string): OcpiLocation | undefined;
  list(): OcpiLocation[];
  onChange(listener: LiveLocationListener): () => void;
}

const keyOf = (location: OcpiLocation): string => roamingKey(ownerOf(location), location.id);

/**
 * Announces each EVSE status a charger changes, from now on (statuses at start are the baseline, not
 * changes). An operator's location change moves the baseline silently: the location PUT carries it.
 */
export function followEvseStatuses(feed: LiveLocationFeed, changed: (update: EvseStatusUpdate) => void): () => void {
  const seen = new Map<string, EvseStatuses>(feed.list().map((location) => [keyOf(location), evseStatusesOf(location)]));
  return feed.onChange((key, cause) => {
    const location = feed.read(key);
    if (location === undefined) return;
    const before = seen.get(key);
    seen.set(key, evseStatusesOf(location));
    if (cause === 'charger' && before !== undefined) for (const update of evseStatusChanges(before, location)) changed(update);
  });
}
