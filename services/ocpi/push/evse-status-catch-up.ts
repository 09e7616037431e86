import type { EvseStatusDelivery } from '../../core/events/generated-types.ts';
import type { OcpiLocation } from '../../roaming/ocpi/location-object.ts';
import { statusUpdateOf } from './evse-status-changes.ts';
import type { EvseStatusUpdate } from './push-plan.ts';

type EvseRef = Pick<EvseStatusUpdate, 'locationOwner' | 'locationId' | 'evseUid'>;

export const statusDeliveryKeyOf = (partnerId: string, evse: EvseRef): string =>
  `${partnerId}/${evse.locationOwner.country_code}/${evse.locationOwner.party_id}/${evse.locationId}/${evse.evseUid}`;

export function statusDelivery(partnerId: string, update: EvseStatusUpdate, at: number): EvseStatusDelivery {
  return {
    partner_id: partnerId,
    country_code: update.locationOwner.country_code,
    party_id: update.locationOwner.party_id,
    location_id: update.locationId,
    evse_uid: update.evseUid,
    status: update.status,
    last_updated: update.lastUpdated,
    accepted_at: at,
  };
}

/**
 * What a partner missed while no push ran (a restart, a status PATCH still waiting when it stopped): every
 * live EVSE whose status differs from the one the partner last accepted from us, or whose status it never
 * accepted from a PATCH (the Location PUT it got may be older). A PATCH is idempotent, so sending one the
 * partner already has costs a request, never a wrong status.
 */
export function missedStatuses(partnerId: string, locations: readonly OcpiLocation[], accepted: (key: string) => EvseStatusDelivery | undefined): EvseStatusUpdate[] {
  return locations.flatMap((location) =>
    location.evses.map((evse) => statusUpdateOf(location, evse)).filter((update) => accepted(statusDeliveryKeyOf(partnerId, update))?.status !== update.status),
  );
}
