import type { OcpiLocation } from '../../roaming/ocpi/location-object.ts';

const later = (a: string, b: string): string => (Date.parse(b) > Date.parse(a) ? b : a);

/**
 * The Location to PUT for a stored version of it: the stored object (the record being pushed, which the
 * live view may not have applied yet) with the live EVSE statuses, and the EVSEs the live view shows as
 * REMOVED appended (OCPI retires EVSEs instead of dropping them). A deleted location is its live view.
 */
export function locationToPush(stored: OcpiLocation | undefined, live: OcpiLocation | undefined): OcpiLocation | undefined {
  if (stored === undefined || live === undefined) return stored ?? live;
  const liveByUid = new Map(live.evses.map((evse) => [evse.uid, evse]));
  const kept = new Set(stored.evses.map((evse) => evse.uid));
  const evses = [
    ...stored.evses.map((evse) => {
      const current = liveByUid.get(evse.uid);
      if (current === undefined || current.status === 'REMOVED') return evse;
      return { ...evse, status: current.status, last_updated: later(evse.last_updated, current.last_updated) };
    }),
    ...live.evses.filter((evse) => evse.status === 'REMOVED' && !kept.has(evse.uid)),
  ];
  return { ...stored, evses, last_updated: evses.reduce((time, evse) => later(time, evse.last_updated), stored.last_updated) };
}
