import type { LocationRecord } from '../core/events/generated-types.ts';
import { parseRoamingKey } from '../roaming/ocpi/roaming-kind.ts';
import type { ArchiveRow } from './archive-row.ts';

/** A version of an operator's Location as its locations row; the object (with its EVSE mappings) as JSON. */
export function locationRows(record: LocationRecord): ArchiveRow[] {
  const { envelope, payload: location } = record;
  return [
    {
      table: 'locations',
      values: {
        country_code: location.owner.country_code,
        party_id: location.owner.party_id,
        location_id: location.id,
        event_id: envelope.event_id,
        deleted: false,
        name: location.name,
        city: location.city,
        country: location.country,
        time_zone: location.time_zone,
        publish: location.publish,
        last_updated: location.last_updated,
        recorded_at: envelope.recorded_at,
        object_json: location.object_json,
      },
    },
  ];
}

/** A deleted Location (a tombstone keyed country_code/party_id/id): a row that marks it deleted from then on. */
export function deletedLocationRows(key: string, recordedAt: number): ArchiveRow[] {
  const named = parseRoamingKey(key);
  if (named === null) return [];
  return [
    {
      table: 'locations',
      values: {
        country_code: named.owner.country_code,
        party_id: named.owner.party_id,
        location_id: named.id,
        event_id: '',
        deleted: true,
        name: null,
        city: '',
        country: '',
        time_zone: '',
        publish: false,
        last_updated: null,
        recorded_at: recordedAt,
        object_json: '',
      },
    },
  ];
}
