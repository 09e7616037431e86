/**
 * How an OCPP EVSE is named in OCPI Locations: `<charger id>-<OCPP evse id>` (1.6: the connector id).
 * The admin API that publishes Locations uses the same rule, so the projector finds the Location and its
 * tariffs from the charger's own traffic.
 */
export function evseUidOf(chargerId: string, evseId: number): string {
  return `${chargerId}-${evseId}`;
}
