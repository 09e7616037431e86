import type { OcpiLocation } from '../ocpi/location-object.ts';

/**
 * Which locations map an EVSE of each charger, so a charger's status change is announced for the
 * locations it shows in without scanning every location.
 */
export class ChargerLocations {
  private readonly keysByCharger = new Map<string, Set<string>>();

  /** A location changed from `before` to `after` (null once deleted: its EVSEs no longer follow chargers). */
  update(key: string, before: OcpiLocation | null | undefined, after: OcpiLocation | null): void {
    for (const evse of before?.evses ?? []) this.keysByCharger.get(evse.switchyard.charger_id)?.delete(key);
    for (const evse of after?.evses ?? []) {
      const chargerId = evse.switchyard.charger_id;
      const keys = this.keysByCharger.get(chargerId) ?? new Set<string>();
      this.keysByCharger.set(chargerId, keys.add(key));
    }
  }

  locationsOf(chargerId: string): ReadonlySet<string> {
    return this.keysByCharger.get(chargerId) ?? new Set();
  }
}
