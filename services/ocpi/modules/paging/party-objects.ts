import { ownerOf, roamingKey, type PartyObject } from '../../../roaming/ocpi/roaming-kind.ts';
import { compareDated, type Dated } from './dated.ts';
import { partyKeyOf, type PartyKey } from './served-parties.ts';

export interface DatedObject<O> extends Dated {
  readonly owner: PartyKey;
  readonly object: O;
}

/** Roaming objects (Locations, Tariffs) in paging order, keyed like their records. */
export function inPagingOrder<O extends PartyObject>(objects: readonly O[], idOf: (object: O) => string): DatedObject<O>[] {
  return objects
    .map((object) => ({
      key: roamingKey(ownerOf(object), idOf(object)),
      lastUpdated: Date.parse(object.last_updated),
      owner: partyKeyOf(object.country_code, object.party_id),
      object,
    }))
    .sort(compareDated);
}
