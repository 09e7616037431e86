import type { OcpiLocation } from '../../../roaming/ocpi/location-object.ts';
import { OrderedIndex } from '../paging/ordered-index.ts';
import { inPagingOrder, type DatedObject } from '../paging/party-objects.ts';

/** The live Locations (EVSE statuses from the chargers), by record key `country_code/party_id/id`. */
export interface LocationSource {
  list(): OcpiLocation[];
  read(key: string): OcpiLocation | undefined;
  /** Called with a location's key after it may have changed (its record or one of its chargers). */
  onChange(listener: (key: string) => void): () => void;
}

export interface LocationIndex {
  readonly index: OrderedIndex<DatedObject<OcpiLocation>>;
  close(): void;
}

/**
 * Live Locations kept in paging order as they change, so a page costs a slice rather than rebuilding
 * and sorting every live Location per request. Listening starts before the first fill, and both only
 * store what `read` says now, so no change is lost in between.
 */
export function indexLocations(source: LocationSource): LocationIndex {
  const index = new OrderedIndex<DatedObject<OcpiLocation>>();
  const refresh = (key: string): void => {
    const location = source.read(key);
    if (location === undefined) index.remove(key);
    else for (const entry of inPagingOrder([location], (object) => object.id)) index.upsert(entry);
  };
  const stop = source.onChange(refresh);
  for (const entry of inPagingOrder(source.list(), (object) => object.id)) index.upsert(entry);
  return { index, close: stop };
}
