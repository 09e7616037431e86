import type { OcpiLocation } from '../../roaming/ocpi/location-object.ts';
import type { EvseStatusUpdate } from './push-plan.ts';

/** The last status seen per EVSE uid of one location. */
export type EvseStatuses = ReadonlyMap<string, string>;

export function evseStatusesOf(location: OcpiLocation): EvseStatuses {
  return new Map(location.evses.map((evse) => [evse.uid, evse.status]));
}

/**
 * The EVSEs of a live location whose status differs from what was seen before. An EVSE not seen before
 * is new to partners through the location PUT, not through a status PATCH.
 */
export function evseStatusChanges(before: EvseStatuses, location: OcpiLocation): EvseStatusUpdate[] {
  return location.evses.filter((evse) => before.has(evse.uid) && before.get(evse.uid) !== evse.status).map((evse) => statusUpdateOf(location, evse));
}

/** The PATCH-able status of one EVSE of a live location. */
export function statusUpdateOf(location: OcpiLocation, evse: OcpiLocation['evses'][number]): EvseStatusUpdate {
  return {
    locationOwner: { country_code: location.country_code, party_id: location.party_id },
    locationId: location.id,
    evseUid: evse.uid,
    status: evse.status,
    lastUpdated: evse.last_updated,
  };
}
